package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdiModelTest {

    @Test
    void everyModelIsATolerantReader() throws Exception {
        List<Class<?>> records = models();
        assertThat(records).hasSizeGreaterThanOrEqualTo(18);
        for (Class<?> model : records) {
            JsonIgnoreProperties ignore = model.getAnnotation(JsonIgnoreProperties.class);
            assertThat(ignore).as(model.getSimpleName() + " ignores unknown fields").isNotNull();
            assertThat(ignore.ignoreUnknown()).as(model.getSimpleName()).isTrue();
            assertThat(DdiJson.read("{\"fieldOfANewerVersion\": {\"x\": [1, 2]}}", model)).as(model.getSimpleName()).isNotNull();
        }
    }

    @Test
    void collectionRulesSurviveTheRoundTripAndAStatusNeedsAVersion() {
        DdiCollectionRules rules = new DdiCollectionRules("0a1b2c3d4e5f6071", List.of(new DdiCollectionRule("flow-1", "swerves",
                new DdiCollectionTrigger(List.of("TAKEOVER", "EXPRESSION"), "speed > 20.0 && abs(yaw_rate) > 0.5", 10.0, 5.0, 6),
                new DdiCompression("zstd", 19, null, 50.0), "edge/swerves")));
        String written = new String(DdiJson.write(rules));
        assertThat(written).doesNotContain("dictionary").contains("\"expression\":\"speed > 20.0 && abs(yaw_rate) > 0.5\"");
        assertThat(DdiJson.read(written, DdiCollectionRules.class)).isEqualTo(rules);
        assertThat(DdiJson.read("{\"version\":\"v1\",\"rules\":[{\"id\":\"f\",\"trigger\":{\"kinds\":[\"NEW_KIND\"]}}]}",
                DdiCollectionRules.class).rulesOrEmpty().get(0).trigger().kinds()).containsExactly("NEW_KIND");
        assertThatThrownBy(() -> new DdiCollectionRulesStatus(null).validate()).isInstanceOfSatisfying(DdiContractException.class,
                e -> assertThat(e.field()).isEqualTo("version"));
        assertThat(new DdiCollectionRulesStatus("0a1b2c3d4e5f6071").validate().version()).isEqualTo("0a1b2c3d4e5f6071");
    }

    @Test
    void aTriggerReportNamesItsDictionaryOnlyWhenTheClipWasWrittenWithOne() {
        DdiCollectionTriggered withDictionary = new DdiCollectionTriggered("flow-1", "t1-flow-1", "TAKEOVER", "2026-12-05T08:00:00Z", "v1",
                List.of("s3://fleetloop/tenants/acme/edge/car-1/t1-flow-1/signals.flsg"), "dict-1");
        assertThat(DdiJson.read(new String(DdiJson.write(withDictionary)), DdiCollectionTriggered.class).validate()).isEqualTo(withDictionary);

        String olderAgent = """
                {"flowId":"flow-1","triggerId":"t1-flow-1","kind":"TAKEOVER","triggerTime":"2026-12-05T08:00:00Z","ruleVersion":"v1",
                 "storagePaths":["s3://fleetloop/tenants/acme/edge/car-1/t1-flow-1/signals.flsg"]}""";
        DdiCollectionTriggered without = DdiJson.read(olderAgent, DdiCollectionTriggered.class).validate();
        assertThat(without.dictionary()).isNull();
        assertThat(new String(DdiJson.write(without))).doesNotContain("dictionary");

        assertThatThrownBy(() -> new DdiCollectionTriggered("flow-1", "t1", "TAKEOVER", "2026-12-05T08:00:00Z", "v1",
                List.of("s3://b/k"), "../dict").validate())
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.field()).isEqualTo("dictionary"));
    }

    @Test
    void unknownFieldsInARecordedDocumentChangeNothing() throws Exception {
        String recorded = DdiRoundTripTest.recorded("deployment-base.json");
        ObjectNode extended = (ObjectNode) DdiJson.MAPPER.readTree(recorded);
        extended.put("confirmationRequired", true);
        ((ObjectNode) extended.path("deployment")).putObject("schedule").put("cron", "0 0 2 * * ?");
        ((ObjectNode) extended.at("/deployment/chunks/0")).put("newFlag", 1);

        assertThat(DdiJson.read(extended.toString(), DdiDeploymentBase.class)).isEqualTo(DdiJson.read(recorded, DdiDeploymentBase.class));
    }

    @Test
    void enumsAreWrittenInLowerCaseAndReadInAnyCase() {
        assertThat(new String(DdiJson.write(new DdiDeployment(DdiDeployment.HandlingType.ATTEMPT, DdiDeployment.HandlingType.SKIP, List.of(),
                DdiMaintenanceWindowStatus.UNAVAILABLE))))
                .isEqualTo("{\"download\":\"attempt\",\"update\":\"skip\",\"chunks\":[],\"maintenanceWindow\":\"unavailable\"}");
        DdiActionFeedback feedback = DdiJson.read("{\"status\":{\"execution\":\"CLOSED\",\"result\":{\"finished\":\"Success\"}}}",
                DdiActionFeedback.class);
        assertThat(feedback.status().execution()).isEqualTo(DdiStatus.ExecutionStatus.CLOSED);
        assertThat(feedback.status().finished()).isEqualTo(DdiResult.FinalResult.SUCCESS);
    }

    @Test
    void anUnknownExecutionNamesTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> DdiJson.read("{\"status\":{\"execution\":\"finished\"}}", DdiActionFeedback.class))
                .isInstanceOfSatisfying(DdiContractException.class, e -> {
                    assertThat(e.field()).isEqualTo("status.execution");
                    assertThat(e.expected()).contains("closed, proceeding, canceled, scheduled, rejected, resumed, downloaded, download")
                            .contains("'finished'");
                });
    }

    @Test
    void aFeedbackWithoutExecutionIsRefused() {
        assertThatThrownBy(() -> DdiJson.read("{\"status\":{\"result\":{\"finished\":\"none\"}}}", DdiActionFeedback.class).validate())
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.field()).isEqualTo("status.execution"));
        assertThatThrownBy(() -> DdiJson.read("{\"time\":\"20140511T121314\"}", DdiActionFeedback.class).validate())
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.field()).isEqualTo("status"));
    }

    @Test
    void aWrongTypeAndBrokenJsonNameWhereTheyAre() {
        assertThatThrownBy(() -> DdiJson.read("{\"data\": [1]}", DdiConfigData.class))
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.field()).isEqualTo("data"));
        assertThatThrownBy(() -> DdiJson.read("{\"mode\": \"append\", \"data\": {}}", DdiConfigData.class))
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.expected()).contains("merge, replace, remove"));
        assertThatThrownBy(() -> DdiJson.read("{\"status\": ", DdiActionFeedback.class))
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.field()).isEqualTo("body"));
        assertThatThrownBy(() -> DdiJson.read("{\"mode\": \"merge\"}", DdiConfigData.class).validate())
                .isInstanceOfSatisfying(DdiContractException.class, e -> assertThat(e.field()).isEqualTo("data"));
    }

    @Test
    void pollingSleepIsHawkBitsClockFormat() {
        assertThat(DdiPolling.of(Duration.ofSeconds(3725)).sleep()).isEqualTo("01:02:05");
        assertThat(DdiPolling.of(Duration.ZERO).sleep()).isEqualTo("00:00:01");
        assertThat(DdiPolling.of(Duration.ofMinutes(10)).sleep()).isEqualTo("00:10:00");
        assertThat(DdiPolling.of(Duration.ofHours(24)).sleep()).isEqualTo("24:00:00");
        assertThat(DdiPolling.of(Duration.ofSeconds(35999)).sleep()).isEqualTo("09:59:59");
        assertThat(new DdiPolling("00:05:00").duration()).contains(Duration.ofMinutes(5));
        assertThat(new DdiPolling("soon").duration()).isEmpty();
    }

    @Test
    void theDownloadLinkFollowsTheServersScheme() throws Exception {
        DdiArtifact artifact = DdiJson.read(DdiRoundTripTest.recorded("deployment-base.json"), DdiDeploymentBase.class)
                .chunks().get(0).artifactList().get(0);
        assertThat(artifact.downloadHref("https")).hasValueSatisfying(h -> assertThat(h).startsWith("https://"));
        assertThat(artifact.downloadHref("http")).hasValueSatisfying(h -> assertThat(h).startsWith("http://"));
        assertThat(artifact.href(DdiArtifact.MD5SUM)).hasValueSatisfying(h -> assertThat(h).endsWith(".MD5SUM"));
    }

    /** Every record of the model package, found on the class path so that a new one cannot be forgotten. */
    private static List<Class<?>> models() throws IOException, URISyntaxException {
        Path dir = Path.of(DdiJson.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(DdiJson.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .<Class<?>>map(n -> load(DdiJson.class.getPackageName() + "." + n.substring(0, n.length() - 6)))
                    .filter(Class::isRecord).toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
