package io.fleetloop.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API describes itself without a token (OpenAPI 3 + Swagger UI) and GraphiQL works offline: every page's
 * scripts and styles come from the platform itself.
 */
class ApiDiscoverabilityTest {

    private static final Pattern ASSET = Pattern.compile("<(?:script|link)[^>]*?(?:src|href)=\"([^\"]+)\"");

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api anonymous = platform.anonymous();

    @Test
    void theOpenApiDocumentIsPublicAndDescribesEveryControllerMapping() throws IOException {
        Api.Download docs = anonymous.download("/v3/api-docs");
        assertThat(docs.status()).as("GET /v3/api-docs without a token").isEqualTo(200);
        JsonNode spec = new ObjectMapper().readTree(docs.body());
        assertThat(spec.path("openapi").asText()).startsWith("3.");

        Set<String> missing = new TreeSet<>();
        int checked = 0;
        RequestMappingHandlerMapping mappings = platform.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getPackageName().startsWith("io.fleetloop")) continue;   // springdoc's own, /error
            for (String pattern : mapping.getKey().getPatternValues()) {
                JsonNode path = spec.path("paths").path(pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}"));
                var methods = mapping.getKey().getMethodsCondition().getMethods();
                if (methods.isEmpty() && path.isMissingNode()) missing.add("* " + pattern);
                methods.forEach(method -> {
                    if (path.path(method.name().toLowerCase()).isMissingNode()) missing.add(method + " " + pattern);
                });
                checked++;
            }
        }
        assertThat(checked).as("controller mappings found").isGreaterThan(40);
        assertThat(missing).as("controller mappings missing from /v3/api-docs").isEmpty();

        assertThat(spec.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
        assertThat(spec.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(spec.at("/security/0").has("bearer")).as("operations need the bearer token by default").isTrue();
        JsonNode state = spec.at("/paths/~1v1~1audit~1aggregates~1{aggregateId}~1state/get");
        assertThat(state.at("/parameters").findValuesAsText("name")).as("the caller comes from the token, not a parameter")
                .containsExactlyInAnyOrder("aggregateId", "at");
        for (String status : List.of("400", "401", "403", "404", "409")) {
            assertThat(state.at("/responses/" + status + "/content/application~1problem+json/schema/$ref").asText())
                    .as("problem response " + status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(spec.at("/paths/~1webhooks~1model-ready/post/security").isArray())
                .as("the HMAC webhook takes no bearer token").isTrue();
    }

    @Test
    void swaggerUiIsServedFromThePlatformWithoutAToken() {
        assertPageAndItsAssetsAreServedLocally("/swagger-ui.html");
        assertThat(anonymous.download("/v3/api-docs/swagger-config").status()).isEqualTo(200);
    }

    @Test
    void graphiqlLoadsNothingFromOutsideThePlatform() {
        assertPageAndItsAssetsAreServedLocally("/graphiql");
    }

    @Test
    void routesNextToTheOpenOnesStayClosed() {
        assertThat(anonymous.download("/v3/api-docs-not").status()).isIn(401, 403);
        assertThat(anonymous.download("/v1/audit-records").status()).isEqualTo(401);
    }

    /** The page (after the platform's own redirects) and every script and style it loads answer 200 from the platform. */
    private void assertPageAndItsAssetsAreServedLocally(String page) {
        Api.Download html = anonymous.download(page);
        for (int redirects = 0; html.status() / 100 == 3 && redirects < 3; redirects++) {
            page = html.header("Location").replaceFirst("^https?://[^/]+", "");
            html = anonymous.download(page);
        }
        page = page.replaceFirst("\\?.*", "");
        assertThat(html.status()).as("GET " + page).isEqualTo(200);
        String text = new String(html.body(), StandardCharsets.UTF_8);
        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(text);
        while (matcher.find()) assets.add(matcher.group(1));
        assertThat(assets).as("scripts and styles of " + page).isNotEmpty();
        assertThat(text).as(page + " names no other host").doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
        assertThat(text).doesNotContain("esm.sh", "unpkg.com", "jsdelivr");
        String base = page.substring(0, page.lastIndexOf('/') + 1);
        for (String asset : assets) {
            String path = asset.startsWith("/") ? asset : base + asset.replaceFirst("^\\./", "");
            assertThat(anonymous.download(path).status()).as(asset + " of " + page).isEqualTo(200);
        }
    }
}
