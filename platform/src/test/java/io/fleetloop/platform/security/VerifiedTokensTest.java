package io.fleetloop.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private final List<String> decoded = new ArrayList<>();

    private JwtDecoder decoder(Instant expiresAt) {
        return token -> {
            decoded.add(token);
            if (token.startsWith("bad")) throw new BadJwtException("signature does not match");
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").issuedAt(Instant.now().minusSeconds(5))
                    .expiresAt(expiresAt).build();
        };
    }

    @Test
    void aVerifiedTokenIsDecodedOnceAndAnyOtherTextIsVerifiedAgain() {
        JwtDecoder caching = (JwtDecoder) new VerifiedTokens().postProcessAfterInitialization(decoder(Instant.now().plusSeconds(600)), "d");

        assertThat(caching.decode("token-a").getSubject()).isEqualTo("alice");
        assertThat(caching.decode("token-a").getTokenValue()).isEqualTo("token-a");
        caching.decode("token-a2");

        assertThat(decoded).containsExactly("token-a", "token-a2");
        assertThat(new VerifiedTokens().postProcessAfterInitialization(caching, "d")).isSameAs(caching);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTimeAndAnExpiredOneIsNotServedFromMemory() {
        JwtDecoder caching = (JwtDecoder) new VerifiedTokens().postProcessAfterInitialization(decoder(Instant.now().minusSeconds(1)), "d");

        for (int i = 0; i < 2; i++) assertThatThrownBy(() -> caching.decode("bad-token")).isInstanceOf(BadJwtException.class);
        caching.decode("expired");
        caching.decode("expired");

        assertThat(decoded).containsExactly("bad-token", "bad-token", "expired", "expired");
    }

    @Test
    void otherBeansPassUnchanged() {
        Object bean = new Object();
        assertThat(new VerifiedTokens().postProcessAfterInitialization(bean, "x")).isSameAs(bean);
    }
}
