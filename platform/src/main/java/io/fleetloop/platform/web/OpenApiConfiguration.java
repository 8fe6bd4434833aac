package io.fleetloop.platform.web;

import io.fleetloop.api.common.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3 document of the REST API ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}, both without a
 * token): the bearer-token scheme so Swagger UI's "Authorize" sends {@code Authorization: Bearer <token>}, and the
 * RFC 9457 problem responses every {@code /v1} operation may answer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    static {
        // Resolved from the token by security, not a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI fleetloopOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Fleetloop API").version("v1").description("""
                        Commands and queries of the Fleetloop data closed loop. Every /v1 call needs a bearer JWT (on the \
                        embedded default: `./fleetloop.sh token --user <you> --tenant <tenant> --role <ROLE>`); the tenant \
                        comes from the token. Errors are RFC 9457 problem details (application/problem+json). The device \
                        API (hawkBit DDI) under /{tenant}/controller/v1 authenticates with TargetToken/GatewayToken instead."""))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * 400/401/403/404/409 as problem details on every /v1 operation, as ProblemHandler and security answer them; the
     * other paths (device API, webhook, public keys) take no bearer token.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        Map<String, String> problems = Map.of(
                "400", "Bad input (field errors in `errors`)",
                "401", "No or invalid bearer token",
                "403", "The token's roles lack the permission, or the tenant is not in the token",
                "404", "No such resource in the caller's tenant",
                "409", "Conflicts with the resource's current state");
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            for (Operation operation : item.readOperations()) {
                if (!path.startsWith("/v1/") && !path.startsWith("/api/v1/")) {
                    operation.setSecurity(List.of());
                    continue;
                }
                ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                problems.forEach((status, description) -> responses.putIfAbsent(status, problem(description)));
                operation.setResponses(responses);
            }
        });
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("code", new StringSchema().description("Fleetloop error code, e.g. VALIDATION_FAILED"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())));
    }
}
