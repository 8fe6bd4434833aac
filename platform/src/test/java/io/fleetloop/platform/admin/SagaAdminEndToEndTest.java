package io.fleetloop.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Saga inspection: a started rollout's saga is found by its release task id with its association values, its state and the
 * batch-timeout deadline db-scheduler holds for it; after a rollback it is listed as recently ended; another tenant's admin
 * sees none of it; only a platform admin may look; bad filters are refused naming the parameter.
 */
class SagaAdminEndToEndTest {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "sagas-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = platform.api(tenant, Role.PLATFORM_ADMIN);

    @Test
    void aRolloutSagaIsFoundByItsTaskWithStateAndDeadlineAndListedAsEndedAfterARollback() throws Exception {
        String taskId = startedRelease(admin, platform, tenant, "v9.1.0");
        String path = "/v1/admin/sagas?type=GrayRolloutProcess&association=taskId:" + taskId;
        JsonNode saga = await().atMost(AT_MOST).until(() -> admin.get(path),
                r -> r.status() == 200 && r.json("/total").asInt() == 1 && r.json("/items/0/deadlines").size() == 1).json("/items/0");
        assertThat(saga.path("type").asText()).isEqualTo("GrayRolloutProcess");
        assertThat(saga.path("typeName").asText()).isEqualTo("io.fleetloop.sagas.ota.GrayRolloutProcess");
        assertThat(saga.path("sagaId").asText()).isNotBlank();
        assertThat(saga.at("/state/tenantId").asText()).isEqualTo(tenant);
        assertThat(saga.at("/state/batchCount").asInt()).isEqualTo(1);
        List<String> associations = new ArrayList<>();
        saga.path("associations").forEach(a -> associations.add(a.path("key").asText() + "=" + a.path("value").asText()));
        assertThat(associations).contains("taskId=" + taskId);
        JsonNode link = find(saga.path("associations"), "taskId");
        assertThat(link.path("history").asText()).isEqualTo("/v1/audit/aggregates/" + taskId + "/events");
        assertThat(platform.api(tenant).get(link.path("history").asText()).status()).as("the link is the audit time travel").isEqualTo(200);
        JsonNode deadline = saga.at("/deadlines/0");
        assertThat(deadline.path("deadlineName").asText()).isEqualTo("ota-batch-timeout");
        assertThat(deadline.path("sagaId").asText()).isEqualTo(saga.path("sagaId").asText());
        assertThat(deadline.path("sagaType").asText()).isEqualTo("GrayRolloutProcess");
        assertThat(deadline.path("at").asText()).isNotBlank();
        Api.Response listed = admin.get("/v1/admin/sagas?type=io.fleetloop.sagas.ota.GrayRolloutProcess");
        assertThat(listed.json("/items").findValuesAsText("sagaId")).contains(saga.path("sagaId").asText());
        assertThat(listed.json("/deadlines").findValuesAsText("deadlineName")).contains("ota-batch-timeout");
        assertThat(admin.get("/v1/admin/sagas").json("/types").findValuesAsText("type")).contains("GrayRolloutProcess", "BackfillProcess");

        // another tenant's admin finds nothing, not even by the task id
        Api stranger = platform.api("sagas-other-" + UUID.randomUUID().toString().substring(0, 8), Role.PLATFORM_ADMIN);
        assertThat(stranger.get(path).json("/total").asInt()).isZero();
        assertThat(stranger.get("/v1/admin/sagas?type=GrayRolloutProcess").json("/items").findValuesAsText("sagaId"))
                .doesNotContain(saga.path("sagaId").asText());

        assertThat(admin.post("/v1/release-tasks/" + taskId + "/rollback", Map.of("reason", "saga test")).status()).isEqualTo(202);
        JsonNode after = await().atMost(AT_MOST).until(() -> admin.get(path).body(), body -> body.path("total").asInt() == 0
                && body.path("recentlyEnded").size() == 1);
        JsonNode ended = after.at("/recentlyEnded/0");
        assertThat(ended.path("sagaId").asText()).isEqualTo(saga.path("sagaId").asText());
        assertThat(ended.path("endedAt").asText()).isNotBlank();
        assertThat(ended.at("/lastState/tenantId").asText()).isEqualTo(tenant);
        assertThat(stranger.get(path).json("/recentlyEnded")).isEmpty();
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        Api.Response type = admin.get("/v1/admin/sagas?type=NoSuchSaga");
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.json("/detail").asText()).contains("type");
        Api.Response association = admin.get("/v1/admin/sagas?association=taskId");
        assertThat(association.status()).isEqualTo(400);
        assertThat(association.json("/detail").asText()).contains("association must be key:value");
    }

    @Test
    void onlyAPlatformAdminMaySeeSagas() {
        for (Role role : Role.values()) {
            int status = platform.api(tenant, role).get("/v1/admin/sagas").status();
            assertThat(status).as(role.name()).isEqualTo(role == Role.PLATFORM_ADMIN ? 200 : 403);
        }
        assertThat(platform.anonymous().get("/v1/admin/sagas").status()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode associations, String key) {
        for (JsonNode association : associations) if (association.path("key").asText().equals(key)) return association;
        throw new AssertionError("no association " + key + " in " + associations);
    }

    /** A one-batch release of the tenant, started on two devices (its saga then waits for them with a batch timeout). */
    static String startedRelease(Api operator, RunningPlatform platform, String tenant, String version) throws Exception {
        String taskId = createdRelease(operator, platform, tenant, version, List.of("car-a", "car-b"), List.of(100));
        Api.Response started = operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", List.of("car-a", "car-b")));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        await().atMost(AT_MOST).until(() -> "RUNNING".equals(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()));
        return taskId;
    }

    static String createdRelease(Api operator, RunningPlatform platform, String tenant, String version, List<String> devices,
                                 List<Integer> percentages) throws Exception {
        byte[] artifact = SourceBucket.randomBytes(4096, version.hashCode());
        String key = "tenants/" + tenant + "/models/" + version + ".bin";
        String bucket = platform.property("fleetloop.objectstore.bucket");
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(artifact), artifact.length, -1).build());
        String previousKey = "tenants/" + tenant + "/models/" + version + "-previous.bin";
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(previousKey)
                .stream(new ByteArrayInputStream(artifact, 0, 100), 100, -1).build());
        List<Map<String, Object>> fleet = devices.stream()
                .map(id -> Map.<String, Object>of("deviceId", id, "deviceType", "VEHICLE", "attributes", Map.of("fleet", "console")))
                .toList();
        Api.Response registered = operator.post("/v1/devices/bulk", fleet);
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", version,
                "artifactUri", "s3://" + bucket + "/" + key, "targetDeviceType", "vehicle",
                "previousVersionId", version + "-previous", "previousArtifactUri", "s3://" + bucket + "/" + previousKey,
                "grayPolicy", Map.of("batchPercentages", percentages, "interval", "PT1H", "successThreshold", 0.5, "errorThreshold", 0.5,
                        "deviceFilter", Map.of("fleet", "console"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        await().atMost(AT_MOST).until(() -> operator.get("/v1/release-tasks/" + taskId).status() == 200);
        return taskId;
    }
}
