package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each DDI resource read from a recorded hawkBit document and written back gives the same JSON. The documents in
 * src/test/resources/hawkbit are hawkBit's own examples (hawkbit-ddi-api's {@code @Schema} examples and the DDI API
 * documentation, Eclipse hawkBit, EPL-2.0); see the README there.
 */
class DdiRoundTripTest {

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
            "controller-base.json, DdiControllerBase",
            "controller-base-cancel.json, DdiControllerBase",
            "deployment-base.json, DdiDeploymentBase",
            "deployment-base-skip.json, DdiDeploymentBase",
            "installed-base.json, DdiDeploymentBase",
            "action-feedback.json, DdiActionFeedback",
            "action-feedback-proceeding.json, DdiActionFeedback",
            "cancel-action.json, DdiCancel",
            "config-data.json, DdiConfigData"})
    void aRecordedHawkBitDocumentSurvivesTheRoundTrip(String resource, String model) throws Exception {
        String recorded = recorded(resource);
        Object read = DdiJson.read(recorded, Class.forName(getClass().getPackageName() + "." + model));

        JsonNode written = DdiJson.MAPPER.readTree(DdiJson.write(read));

        assertThat(written).isEqualTo(DdiJson.MAPPER.readTree(recorded));
        assertThat(DdiJson.read(DdiJson.MAPPER.writeValueAsString(written), read.getClass())).isEqualTo(read);
    }

    static String recorded(String resource) throws IOException {
        try (InputStream in = DdiRoundTripTest.class.getResourceAsStream("/hawkbit/" + resource)) {
            if (in == null) throw new IOException("no test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
