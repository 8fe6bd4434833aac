package io.fleetloop.platform.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three triggers of a workflow through the public API on the real servers — manual, schedule (a 2 s interval) and
 * event (a new asset, with a filter) — each visible as a requested run ({@code GET /v1/workflows/{id}/requested-runs}),
 * and a disable that stops all three at once.
 */
class WorkflowTriggersEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "wftrig-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api engineer = platform.api(tenant, Role.DATA_ENGINEER);

    private String create(String name, List<Map<String, Object>> triggers) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("nodes", List.of(Map.of("nodeId", "first", "operatorId", "builtin:noop"),
                Map.of("nodeId", "second", "operatorId", "builtin:echo", "inputs", Map.of("after", "first.out"))));
        body.put("runInputs", Map.of("day", Map.of("type", "string", "required", false, "defaultValue", "today")));
        body.put("triggers", triggers);
        Api.Response created = engineer.post("/v1/workflows", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/workflowId").asText();
    }

    private List<JsonNode> runs(String workflowId) {
        Api.Response response = engineer.get("/v1/workflows/" + workflowId + "/requested-runs");
        if (response.status() == 404) return List.of();
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> runs = new ArrayList<>();
        response.json("/items").forEach(runs::add);
        return runs;
    }

    private String registerAsset(String path) {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String sha256 = HexFormat.of().formatHex(random);
        AssetId assetId = AssetId.contentAddressed(tenant, sha256);
        platform.bean(CommandGateway.class).sendAndWait(new RegisterAssetCommand(assetId, tenant, new DataSourceId("src-" + tenant),
                new IngestionTaskId("task-" + tenant), "tenants/" + tenant + "/" + path, 1024, sha256, Modality.LIDAR, Instant.now(),
                Map.of("vin", "WVW123")));
        return assetId.value();
    }

    @Test
    void aManualRunIsRequestedOncePerRunIdWithCheckedInputs() {
        String workflowId = create("by hand", List.of());
        Api.Response accepted = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs", Map.of("day", "2026-12-04"), "runId", "run-" + tenant));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.json("/runId").asText()).isEqualTo("run-" + tenant);
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs", Map.of("day", "2026-12-04"), "runId", "run-" + tenant))
                .status()).isEqualTo(202);
        Api.Response defaults = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of());
        assertThat(defaults.status()).as(defaults.raw()).isEqualTo(202);
        Api.Response wrongType = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs", Map.of("day", 4)));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.raw()).contains("inputs.day");
        Api.Response undeclared = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs", Map.of("night", "x")));
        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.raw()).contains("inputs.night");
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("revision", 7)).status()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(30)).until(() -> runs(workflowId).size() == 2);
        JsonNode run = runs(workflowId).stream().filter(r -> r.path("runId").asText().equals("run-" + tenant)).findFirst().orElseThrow();
        assertThat(run.at("/trigger/kind").asText()).isEqualTo("MANUAL");
        assertThat(run.at("/inputs/day").asText()).isEqualTo("2026-12-04");
        assertThat(run.path("revision").asInt()).isEqualTo(1);
        assertThat(runs(workflowId).stream().filter(r -> !r.path("runId").asText().equals("run-" + tenant)).findFirst().orElseThrow()
                .at("/inputs/day").asText()).isEqualTo("today");
        assertThat(engineer.get("/v1/workflows/" + workflowId).json("/runsRequested").asInt()).isEqualTo(2);
    }

    @Test
    void aFixedIntervalScheduleStartsRunsUntilTheWorkflowIsDisabled() {
        String workflowId = create("every two seconds", List.of(Map.of("kind", "SCHEDULE", "interval", "PT2S", "missedRuns", "SKIP")));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> runs(workflowId).size() >= 2);
        List<JsonNode> scheduled = runs(workflowId);
        for (JsonNode run : scheduled) {
            assertThat(run.at("/trigger/kind").asText()).isEqualTo("SCHEDULE");
            Instant slot = Instant.parse(run.at("/trigger/firedFor").asText());
            assertThat(slot.toEpochMilli() % 2000).as("slots are multiples of the interval").isZero();
        }
        assertThat(scheduled.stream().map(r -> r.at("/trigger/firedFor").asText()).distinct().count()).isEqualTo(scheduled.size());

        Api.Response disabled = engineer.post("/v1/workflows/" + workflowId + "/disable", Map.of());
        assertThat(disabled.status()).as(disabled.raw()).isEqualTo(200);
        Instant acknowledged = Instant.now();
        // no run is requested after the disable was acknowledged, for three intervals
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> runs(workflowId).stream().allMatch(run -> Instant.parse(run.path("requestedAt").asText()).isBefore(acknowledged)));
        Api.Response manual = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of());
        assertThat(manual.status()).as(manual.raw()).isEqualTo(409);
        assertThat(manual.raw()).contains("disabled");

        // enabled again, the schedule resumes
        int before = runs(workflowId).size();
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/enable", Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> runs(workflowId).size() > before);
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/disable", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aNewAssetMatchingTheFilterStartsOneRunAndNoneOnceDisabled() {
        String prefix = "tenants/" + tenant + "/wf-match/";
        String filtered = create("new lidar in wf-match", List.of(Map.of("kind", "EVENT", "event", "asset_new",
                "filter", Map.of("storagePath", prefix + "*", "modality", "LIDAR"))));
        String witness = create("every new asset", List.of(Map.of("kind", "EVENT", "event", "asset_new")));

        String other = registerAsset("elsewhere/a.bin");
        String matching = registerAsset("wf-match/b.bin");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> runs(witness).size() == 2 && runs(filtered).size() == 1);
        JsonNode run = runs(filtered).get(0);
        assertThat(run.at("/trigger/kind").asText()).isEqualTo("EVENT");
        assertThat(run.at("/trigger/eventType").asText()).isEqualTo("asset_new");
        assertThat(run.at("/inputs/assetId").asText()).isEqualTo(matching);
        assertThat(run.at("/inputs/attributes.vin").asText()).isEqualTo("WVW123");
        assertThat(runs(witness).stream().map(r -> r.at("/inputs/assetId").asText()).toList()).containsExactlyInAnyOrder(other, matching);

        assertThat(engineer.post("/v1/workflows/" + filtered + "/disable", Map.of()).status()).isEqualTo(200);
        registerAsset("wf-match/c.bin");
        // the witness saw the new asset, so the dispatcher handled it: the disabled workflow started nothing
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> runs(witness).size() == 3);
        assertThat(runs(filtered)).hasSize(1);
        assertThat(engineer.post("/v1/workflows/" + witness + "/disable", Map.of()).status()).isEqualTo(200);
    }
}
