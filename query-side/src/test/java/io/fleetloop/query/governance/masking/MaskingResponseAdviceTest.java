package io.fleetloop.query.governance.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice on its own, with mock servlet objects (no application context, no server). */
class MaskingResponseAdviceTest {

    private static final String VIN = "WVWZZZ1JZXW000001";

    record Asset(String assetId, Map<String, String> attributes, double latitude) {
    }

    private final MaskingResponseAdvice advice = new MaskingResponseAdvice(new MaskingEngine(MaskingRule.DEFAULTS, null), new ObjectMapper());
    private final Asset asset = new Asset("a-1", Map.of("vin", VIN, "plate", "B-FL 123"), 37.774929);

    @Test
    void aV1JsonBodyIsMaskedForTheCallersLevel() {
        JsonNode asDataEngineer = (JsonNode) write(asset, "/v1/assets/a-1", MediaType.APPLICATION_JSON, "DATA_ENGINEER");
        JsonNode asAnnotationManager = (JsonNode) write(asset, "/v1/assets/a-1", MediaType.APPLICATION_JSON, "ANNOTATION_MANAGER");

        assertThat(asDataEngineer.at("/attributes/vin").asText()).isEqualTo(VIN);
        assertThat(asDataEngineer.at("/attributes/plate").asText()).isEqualTo("********");
        assertThat(asDataEngineer.get("latitude").doubleValue()).isEqualTo(37.774929);
        assertThat(asAnnotationManager.at("/attributes/vin").asText()).isEqualTo("*************0001");
        assertThat(asAnnotationManager.get("latitude").doubleValue()).isEqualTo(37.77);
        assertThat(asAnnotationManager.get("assetId").asText()).isEqualTo("a-1");
    }

    @Test
    void withoutACallerEverythingIsMasked() {
        JsonNode masked = (JsonNode) write(asset, "/v1/assets/a-1", MediaType.APPLICATION_JSON, null);

        assertThat(masked.at("/attributes/vin").asText()).isEqualTo("*************0001");
    }

    @Test
    void problemDetailsOtherPathsAndNonJsonPassUntouched() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "vin " + VIN);

        assertThat(write(problem, "/v1/assets/a-1", MediaType.APPLICATION_PROBLEM_JSON, null)).isSameAs(problem);
        assertThat(write(asset, "/actuator/info", MediaType.APPLICATION_JSON, null)).isSameAs(asset);
        assertThat(write(asset, "/v1/assets/a-1", MediaType.APPLICATION_XML, null)).isSameAs(asset);
    }

    @Test
    void onlyJacksonWrittenBodiesAreSupported() {
        MethodParameter returnType = returnType();

        assertThat(advice.supports(returnType, MappingJackson2HttpMessageConverter.class)).isTrue();
        assertThat(advice.supports(returnType, StringHttpMessageConverter.class)).isFalse();
    }

    @Test
    void aJsonNodeBodyIsMaskedAsACopy() {
        JsonNode body = new ObjectMapper().valueToTree(asset);

        JsonNode masked = (JsonNode) write(body, "/v1/audit/aggregates/a-1/events", MediaType.APPLICATION_JSON, null);

        assertThat(masked.at("/attributes/vin").asText()).isEqualTo("*************0001");
        assertThat(body.at("/attributes/vin").asText()).isEqualTo(VIN);
    }

    private Object write(Object body, String path, MediaType contentType, String role) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (role != null) request.setAttribute(Caller.ATTRIBUTE, new Caller("alice", "acme", Set.of(role)));
        return advice.beforeBodyWrite(body, returnType(), contentType, MappingJackson2HttpMessageConverter.class,
                new ServletServerHttpRequest(request), new ServletServerHttpResponse(new MockHttpServletResponse()));
    }

    private static MethodParameter returnType() {
        try {
            return new MethodParameter(MaskingResponseAdviceTest.class.getDeclaredMethod("returnType"), -1);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
