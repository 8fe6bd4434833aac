package io.fleetloop.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the bearer tokens already verified, so a client that sends the same token with every request (all of them
 * do) costs one signature check and one parse, not one per request: both were 12 % of the CPU of a
 * {@code GET /v1/assets} (JFR, asset-search bench). A token is kept by its exact text, which includes its signature, and
 * only after the decoder accepted it (signature, issuer, expiry); it is forgotten when it expires, after 10 minutes at
 * most, or when 10,000 others are newer. Applies to every {@link JwtDecoder} bean (self-issued or an external issuer's).
 */
@Component
class VerifiedTokens implements BeanPostProcessor {

    static final int MAX_TOKENS = 10_000;
    static final Duration MAX_KEEP = Duration.ofMinutes(10);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof JwtDecoder decoder && !(bean instanceof Caching) ? new Caching(decoder) : bean;
    }

    static final class Caching implements JwtDecoder {

        private final JwtDecoder decoder;
        private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfter(new Expiry<String, Jwt>() {
            @Override
            public long expireAfterCreate(String token, Jwt jwt, long now) {
                Instant expires = jwt.getExpiresAt();
                Duration left = expires == null ? MAX_KEEP : Duration.between(Instant.now(), expires);
                return Math.max(0, Math.min(left.toNanos(), MAX_KEEP.toNanos()));
            }

            @Override
            public long expireAfterUpdate(String token, Jwt jwt, long now, long current) {
                return current;
            }

            @Override
            public long expireAfterRead(String token, Jwt jwt, long now, long current) {
                return current;
            }
        }).build();

        Caching(JwtDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public Jwt decode(String token) throws JwtException {
            Jwt known = verified.getIfPresent(token);
            if (known != null && (known.getExpiresAt() == null || known.getExpiresAt().isAfter(Instant.now()))) return known;
            Jwt jwt = decoder.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
    }
}
