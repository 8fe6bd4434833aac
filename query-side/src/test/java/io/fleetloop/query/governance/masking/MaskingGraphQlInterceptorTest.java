package io.fleetloop.query.governance.masking;

import graphql.ExecutionInput;
import graphql.ExecutionResultImpl;
import io.fleetloop.api.common.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingGraphQlInterceptorTest {

    private static final String VIN = "WVWZZZ1JZXW000001";

    private final MaskingGraphQlInterceptor interceptor = new MaskingGraphQlInterceptor(new MaskingEngine(MaskingRule.DEFAULTS, null));

    @Test
    void resultsAreMaskedForTheCallerInTheContext() {
        Map<String, Object> data = Map.of("assets", Map.of("items", List.of(Map.of("assetId", "a-1",
                "attributes", Map.of("vin", VIN, "latitude", "37.774929")))));
        String query = "{ assets { items { assetId attributes } } }";

        Map<String, Object> asQcReviewer = maskedData(query, null, data, caller("QC_REVIEWER"));
        Map<String, Object> asAuditor = maskedData(query, null, data, caller("AUDITOR"));

        assertThat(attributes(asQcReviewer)).containsEntry("vin", "*************0001").containsEntry("latitude", "37.77");
        assertThat(attributes(asAuditor)).containsEntry("vin", VIN).containsEntry("latitude", "37.774929");
    }

    @Test
    void withoutACallerEverythingIsMasked() {
        Map<String, Object> masked = maskedData("{ vehicle { vin } }", null, Map.of("vehicle", Map.of("vin", VIN)), null);

        assertThat(masked).isEqualTo(Map.of("vehicle", Map.of("vin", "*************0001")));
    }

    @Test
    void anAliasDoesNotEscapeARule() {
        Map<String, Object> masked = maskedData("{ vehicle { serial: vin registration: plate } }", null,
                Map.of("vehicle", Map.of("serial", VIN, "registration", "B-FL 123")), caller("QC_REVIEWER"));

        assertThat(masked).isEqualTo(Map.of("vehicle", Map.of("serial", "*************0001", "registration", "********")));
    }

    @Test
    void fieldsInsideFragmentsAreResolvedToo() {
        String query = """
                query Q { car: vehicle { ...Ids ... on Vehicle { where: position { y: lat } } } }
                fragment Ids on Vehicle { serial: vin }""";
        Map<String, Object> data = Map.of("car", Map.of("serial", VIN, "where", Map.of("y", 37.774929)));

        Map<String, Object> masked = maskedData(query, "Q", data, caller("QC_REVIEWER"));

        assertThat(masked).isEqualTo(Map.of("car", Map.of("serial", "*************0001", "where", Map.of("y", 37.77))));
    }

    @Test
    void theExecutedOperationOfSeveralIsTheOneRead() {
        String query = "query A { vehicle { serial: id } } query B { vehicle { serial: vin } }";
        Map<String, Object> data = Map.of("vehicle", Map.of("serial", VIN));

        assertThat(maskedData(query, "A", data, caller("QC_REVIEWER"))).isEqualTo(data);
        assertThat(maskedData(query, "B", data, caller("QC_REVIEWER")))
                .isEqualTo(Map.of("vehicle", Map.of("serial", "*************0001")));
    }

    @Test
    void aResponseWithoutDataIsLeftAlone() {
        WebGraphQlResponse response = response("{ vehicle { vin } }", null, null, caller("QC_REVIEWER"));

        assertThat(interceptor.masked(response)).isSameAs(response);
    }

    @Test
    void theInterceptorMasksWhatTheRestOfTheChainAnswers() {
        WebGraphQlResponse response = response("{ vehicle { vin } }", null, Map.of("vehicle", Map.of("vin", VIN)), null);

        WebGraphQlResponse intercepted = interceptor.intercept(null, request -> Mono.just(response)).block();

        assertThat((Map<String, Object>) intercepted.getData()).isEqualTo(Map.of("vehicle", Map.of("vin", "*************0001")));
    }

    private Map<String, Object> maskedData(String query, String operationName, Map<String, Object> data, Caller caller) {
        return interceptor.masked(response(query, operationName, data, caller)).getData();
    }

    private static WebGraphQlResponse response(String query, String operationName, Map<String, Object> data, Caller caller) {
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(query).operationName(operationName);
        if (caller != null) input.graphQLContext(Map.of(Caller.ATTRIBUTE, caller));
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(input.build(),
                ExecutionResultImpl.newExecutionResult().data(data).build()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Map<String, Object> data) {
        Map<String, Object> assets = (Map<String, Object>) data.get("assets");
        return (Map<String, Object>) ((List<Map<String, Object>>) assets.get("items")).get(0).get("attributes");
    }

    private static Caller caller(String role) {
        return new Caller("alice", "acme", Set.of(role));
    }
}
