package io.fleetloop.platform.edge;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollout gate (issue 14 §4), driven through DDI like real devices: the first batch of a gray rollout installs the new
 * version (poll, deploymentBase, closed/success feedback); then every device reports its collection status (km driven,
 * triggers fired). A new version that triggers ten times as often as the old one is paused with the evidence in the
 * release's progress (as soon as there is enough of it); one that triggers as often is not. One that triggers much less,
 * under a policy that allows early promotion, starts its next batch at once instead of after the hour's interval, with the
 * evidence in the progress (GET, progress.svg) and the next batch's devices served their update.
 */
class RolloutGateEndToEndTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private final RunningPlatform platform = RunningPlatform.shared();

    @Test
    void aNewVersionThatTriggersMoreIsPausedWithTheEvidence() throws Exception {
        Rollout rollout = rollout("gate-worse-", false);
        // The old side reports first (4 triggers in 200 km); the gate trips as soon as the evidence suffices, i.e. at the
        // first report of the new side (10 in 50 km), so the reason shows the full old side and the new side's rate.
        List<Map.Entry<String, Ddi>> oldFirst = new ArrayList<>(rollout.devices.entrySet());
        oldFirst.sort((a, b) -> Boolean.compare(rollout.updated.contains(a.getKey()), rollout.updated.contains(b.getKey())));
        for (Map.Entry<String, Ddi> d : oldFirst) {
            boolean updated = rollout.updated.contains(d.getKey());
            Ddi.Answer status = d.getValue().post(d.getValue().base() + "/collection-status",
                    Map.of("distanceKm", 50.0, "triggers", updated ? 10 : 1));
            assertThat(status.status()).as(status.raw()).isEqualTo(204);
        }
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() ->
                "PAUSED".equals(rollout.operator.get("/v1/release-tasks/" + rollout.taskId).json("/status").asText()));
        String reason = rollout.operator.get("/v1/release-tasks/" + rollout.taskId).json("/statusReason").asText();
        assertThat(reason).contains("automatic pause: rollout gate").contains("v2 triggers 20.00 per 100 km")
                .contains("vs old 2.00 (4 in 200.0 km)").contains("p=");
    }

    @Test
    void aNewVersionThatTriggersAsOftenKeepsRolling() throws Exception {
        Rollout rollout = rollout("gate-equal-", true);
        for (Ddi device : rollout.devices.values()) {
            Ddi.Answer status = device.post(device.base() + "/collection-status", Map.of("distanceKm", 50.0, "triggers", 3));
            assertThat(status.status()).as(status.raw()).isEqualTo(204);
        }
        Ddi.Answer bad = rollout.devices.values().iterator().next().post(rollout.devices.values().iterator().next().base()
                + "/collection-status", Map.of("distanceKm", -1, "triggers", 3));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json("/errors/0/field").asText()).isEqualTo("distanceKm");
        await().during(Duration.ofSeconds(3)).atMost(AT_MOST).pollInterval(Duration.ofMillis(250)).until(() ->
                "RUNNING".equals(rollout.operator.get("/v1/release-tasks/" + rollout.taskId).json("/status").asText()));
        assertThat(rollout.operator.get("/v1/release-tasks/" + rollout.taskId + "/batches").json("/items/1/status").asText())
                .as("no early promotion without evidence of better").isEqualTo("PENDING");
    }

    @Test
    void aNewVersionThatTriggersLessIsPromotedBeforeTheIntervalWhenThePolicyAllowsIt() throws Exception {
        Rollout rollout = rollout("gate-better-", true);
        assertThat(rollout.operator.get("/v1/release-tasks/" + rollout.taskId + "/batches").json("/items/1/status").asText()).isEqualTo("PENDING");
        for (Map.Entry<String, Ddi> d : rollout.devices.entrySet()) {
            boolean updated = rollout.updated.contains(d.getKey());
            Ddi.Answer status = d.getValue().post(d.getValue().base() + "/collection-status",
                    Map.of("distanceKm", 50.0, "triggers", updated ? 0 : 10));
            assertThat(status.status()).as(status.raw()).isEqualTo(204);
        }
        // The interval is an hour: only the gate's promotion starts the second batch within the minute.
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() -> "DEPLOYING".equals(
                rollout.operator.get("/v1/release-tasks/" + rollout.taskId + "/batches").json("/items/1/status").asText()));
        Api.Response task = rollout.operator.get("/v1/release-tasks/" + rollout.taskId);
        assertThat(task.json("/status").asText()).isEqualTo("RUNNING");
        assertThat(task.json("/statusReason").asText()).contains("early promotion: batch 2 started before its interval")
                .contains("rollout gate: v2 triggers 0.00 per 100 km").contains("vs old 20.00").contains("p=");
        String svg = new String(rollout.operator.download("/v1/release-tasks/" + rollout.taskId + "/progress.svg").body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(svg).contains("early promotion: batch 2 started before its interval");
        for (Map.Entry<String, Ddi> d : rollout.devices.entrySet()) {
            if (rollout.updated.contains(d.getKey())) continue;
            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() ->
                    !d.getValue().poll().json("/_links/deploymentBase/href").isMissingNode());
        }
    }

    private record Rollout(Api operator, String taskId, Map<String, Ddi> devices, List<String> updated) {
    }

    /** Eight vehicles, a rollout of v2 in two batches of four; the first batch installs it over DDI. */
    private Rollout rollout(String prefix, boolean earlyPromotion) throws Exception {
        String tenant = prefix + UUID.randomUUID().toString().substring(0, 8);
        Api operator = platform.api(tenant, Role.OTA_OPERATOR);
        Map<String, Ddi> devices = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            String id = "car-" + i;
            Api.Response created = operator.post("/v1/devices", Map.of("deviceId", id, "deviceType", "vehicle",
                    "attributes", Map.of("fleet", "gate")));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            devices.put(id, Ddi.target(platform, tenant, id, created.json("/securityToken").asText()));
        }
        byte[] artifact = SourceBucket.randomBytes(4096, tenant.hashCode());
        String bucket = platform.property("fleetloop.objectstore.bucket");
        String key = "tenants/" + tenant + "/models/v2.bin";
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(artifact), artifact.length, -1).build());
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", "v2",
                "artifactUri", "s3://" + bucket + "/" + key, "targetDeviceType", "vehicle",
                "grayPolicy", Map.of("batchPercentages", List.of(50, 50), "interval", "PT1H", "successThreshold", 0.5,
                        "errorThreshold", 0.5, "deviceFilter", Map.of("fleet", "gate"), "earlyPromotion", earlyPromotion)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        await().atMost(AT_MOST).until(() -> operator.get("/v1/release-tasks/" + taskId).status() == 200);
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", null).status()).isEqualTo(202);
        List<String> updated = new ArrayList<>();
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(250)).until(() -> {
            updated.clear();
            for (Map.Entry<String, Ddi> d : devices.entrySet()) {
                if (!d.getValue().poll().json("/_links/deploymentBase/href").isMissingNode()) updated.add(d.getKey());
            }
            return updated.size() == 4;
        });
        for (String id : updated) {
            Ddi device = devices.get(id);
            String href = device.poll().json("/_links/deploymentBase/href").asText();
            String actionId = device.get(href).json("/id").asText();
            assertThat(device.feedback(href, actionId, "closed", "success", "installed").status()).isEqualTo(200);
        }
        for (String id : updated) {
            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() ->
                    "v2".equals(operator.get("/v1/devices/" + id).json("/installedVersion").asText()));
        }
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() ->
                "RUNNING".equals(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()));
        return new Rollout(operator, taskId, devices, updated);
    }
}
