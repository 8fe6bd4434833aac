package io.fleetloop.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.governance.AuditOutcome;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.web.ProblemDetails;
import io.fleetloop.projections.governance.AuditTrail;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Fleetloop is an OAuth2 resource server. Every {@code /v1} call and {@code /graphql} needs a bearer JWT; the
 * {@link AccessMatrix} decides what its roles may do; the tenant comes from the token. Failures are problem
 * details: 401 (no or bad token), 403 (role lacks the permission, tenant not in the token).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String DENIAL = "fleetloop.access-denial";

    @Bean
    TenantSelection tenantSelection(SecurityProperties properties) {
        return new TenantSelection(properties);
    }

    @Bean
    @Conditional(SelfIssuedTokens.class)
    SigningKey signingKey(@Value("${fleetloop.data-dir:./.fleetloop}") String dataDir) {
        return SigningKey.loadOrCreate(Path.of(dataDir));
    }

    @Bean
    @Conditional(SelfIssuedTokens.class)
    TokenIssuer tokenIssuer(SigningKey key, SecurityProperties properties, Clock clock) {
        return new TokenIssuer(key, properties.issuer(), properties.tenantsClaim(), properties.rolesClaim(), clock);
    }

    @Bean
    @Conditional(SelfIssuedTokens.class)
    JwtDecoder selfIssuedJwtDecoder(SigningKey key, SecurityProperties properties) throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) key.rsaKey().toPublicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        return decoder;
    }

    @Bean
    SecurityFilterChain fleetloopSecurity(HttpSecurity http, TenantSelection tenants, ObjectMapper json, AuditTrail audit,
                                          Clock clock) throws Exception {
        AuthenticationEntryPoint unauthorized = new ProblemEntryPoint(json);
        AccessDeniedHandler forbidden = (request, response, denied) -> {
            Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
            String reason = Optional.ofNullable((String) request.getAttribute(DENIAL)).orElse("access denied");
            if (caller != null && !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                    && !"/graphql".equals(path(request))) {
                auditDenied(audit, clock, caller, request, reason);
            }
            writeProblem(json, request, response, HttpStatus.FORBIDDEN, ErrorDetails.of(ErrorCode.ACCESS_DENIED, reason));
        };
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a
                        // anonymous health is UP/DOWN only; details (management.endpoint.health.roles) and metrics need PLATFORM_ADMIN
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**").access(platformAdmin())
                        .requestMatchers("/graphiql", "/graphiql/**", "/.well-known/jwks.json", "/error").permitAll()
                        // the API's description and Swagger UI (its assets come from the jar); the calls still need a token
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // HMAC-authenticated by the webhook itself (a training platform has no user token)
                        .requestMatchers("/webhooks/model-ready").permitAll()
                        // devices: hawkBit TargetToken / GatewayToken, checked by the DDI endpoints; the manifest public key is public
                        .requestMatchers("/*/controller/v1/**", "/.well-known/ota-signing-key.pem").permitAll()
                        .requestMatchers("/v1/**", "/api/v1/**", "/graphql").access(matrix())
                        .anyRequest().denyAll())
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAsAuthorities(tenants)))
                        .authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterAfter(new CallerFilter(tenants, json), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** The token's known roles as {@code ROLE_<name>} authorities, which the actuator's health details check. */
    private static Converter<Jwt, AbstractAuthenticationToken> rolesAsAuthorities(TenantSelection tenants) {
        return jwt -> new JwtAuthenticationToken(jwt, tenants.rolesOf(jwt).stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.name())).toList(), jwt.getSubject());
    }

    /** Management data (metrics) for platform administrators only; anonymous requests get 401 from the entry point. */
    private static AuthorizationManager<RequestAuthorizationContext> platformAdmin() {
        return (authentication, context) -> {
            Caller caller = (Caller) context.getRequest().getAttribute(Caller.ATTRIBUTE);
            if (caller == null) return new AuthorizationDecision(false);
            boolean admin = rolesOf(caller).contains(Role.PLATFORM_ADMIN);
            if (!admin) context.getRequest().setAttribute(DENIAL, "metrics need the role PLATFORM_ADMIN");
            return new AuthorizationDecision(admin);
        };
    }

    /** Decides by the matrix; anonymous requests are denied here and answered 401 by the entry point. */
    private static AuthorizationManager<RequestAuthorizationContext> matrix() {
        return (authentication, context) -> {
            HttpServletRequest request = context.getRequest();
            Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
            if (caller == null) return new AuthorizationDecision(false);
            String path = path(request);
            Optional<AccessMatrix.Route> route = AccessMatrix.route(request.getMethod(), path);
            if (route.isEmpty()) {
                request.setAttribute(DENIAL, "no permission is defined for " + request.getMethod() + " " + path);
                return new AuthorizationDecision(false);
            }
            List<Role> roles = rolesOf(caller);
            boolean granted = AccessMatrix.allows(roles, route.get().permission());
            if (!granted) {
                request.setAttribute(DENIAL, "your roles " + roles + " lack the permission " + route.get().permission()
                        + " needed for " + route.get().method().name() + " " + route.get().pattern());
            }
            return new AuthorizationDecision(granted);
        };
    }

    static List<Role> rolesOf(Caller caller) {
        return caller.roles().stream().map(Role::parse).flatMap(Optional::stream).toList();
    }

    private static void auditDenied(AuditTrail audit, Clock clock, Caller caller, HttpServletRequest request, String reason) {
        try {
            audit.record(new AuditTrail.Entry(UUID.randomUUID().toString(), caller.tenantId(), caller.operator(),
                    request.getMethod() + " " + path(request), "Endpoint", null, clock.instant(), AuditOutcome.REJECTED,
                    "ACCESS_DENIED: " + reason));
        } catch (RuntimeException e) {
            log.warn("Could not audit a denied request", e);
        }
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static void writeProblem(ObjectMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             ErrorDetails details) throws IOException {
        ProblemDetail problem = ProblemDetails.of(status, details);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** 401 with {@code WWW-Authenticate: Bearer ...} and a problem body saying what was wrong with the token. */
    static final class ProblemEntryPoint implements AuthenticationEntryPoint {
        private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        private final ObjectMapper json;

        ProblemEntryPoint(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
                throws IOException {
            bearer.commence(request, response, failure);
            String detail = failure instanceof OAuth2AuthenticationException oauth
                    ? "invalid bearer token: " + Optional.ofNullable(oauth.getError().getDescription()).orElse(oauth.getError().getErrorCode())
                    : "a bearer token is required (Authorization: Bearer <token>)";
            writeProblem(json, request, response, HttpStatus.UNAUTHORIZED, ErrorDetails.of(ErrorCode.UNAUTHENTICATED, detail));
        }
    }

    /** Builds the caller from the verified token; refusals (tenant not granted, tenant to choose) stop here. */
    static final class CallerFilter extends OncePerRequestFilter {
        private final TenantSelection tenants;
        private final ObjectMapper json;

        CallerFilter(TenantSelection tenants, ObjectMapper json) {
            this.tenants = tenants;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication instanceof JwtAuthenticationToken token) {
                try {
                    request.setAttribute(Caller.ATTRIBUTE, tenants.resolve(token.getToken(), request.getHeader(TenantSelection.TENANT_HEADER)));
                } catch (FleetloopException e) {
                    writeProblem(json, request, response, ProblemDetails.statusOf(e.details().code()), e.details());
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
