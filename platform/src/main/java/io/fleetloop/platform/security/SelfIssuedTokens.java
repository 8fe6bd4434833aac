package io.fleetloop.platform.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;

/** True when no external issuer is configured: then Fleetloop signs and verifies its own tokens. */
public final class SelfIssuedTokens implements Condition {

    static final List<String> EXTERNAL = List.of(
            "spring.security.oauth2.resourceserver.jwt.issuer-uri",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
            "spring.security.oauth2.resourceserver.jwt.public-key-location");

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return selfIssued(context.getEnvironment());
    }

    public static boolean selfIssued(Environment environment) {
        return EXTERNAL.stream().noneMatch(p -> {
            String value = environment.getProperty(p);
            return value != null && !value.isBlank();
        });
    }
}
