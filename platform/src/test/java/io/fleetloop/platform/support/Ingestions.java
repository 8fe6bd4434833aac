package io.fleetloop.platform.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.infra.LocalInfra;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The steps of the ingestion slice as a user takes them over REST. */
public final class Ingestions {

    private Ingestions() {
    }

    /** Stores the test S3 server's keys as credentials named {@code name} for the tenant. */
    public static void storeCredentials(Api api, String name) {
        LocalInfra servers = TestServers.get();
        var response = api.put("/v1/credentials/" + name,
                Map.of("accessKey", servers.objectStore().accessKey(), "secretKey", servers.objectStore().secretKey()));
        assertThat(response.status()).as(response.raw()).isEqualTo(204);
    }

    public static String createSource(Api api, String name, String bucket, String prefix, String credentialsRef) {
        var response = api.post("/v1/datasources", Map.of("name", name, "protocolType", "S3",
                "connectorConfig", Map.of("endpoint", TestServers.get().objectStore().endpoint(), "bucket", bucket,
                        "prefix", prefix, "credentialsRef", credentialsRef)));
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        return response.json("/sourceId").asText();
    }

    public static String createTask(Api api, String sourceId, String includePattern, String targetPath, String modality) {
        var response = api.post("/v1/ingestion-tasks", Map.of("sourceId", sourceId,
                "ingestionRule", Map.of("includePattern", includePattern, "targetPath", targetPath, "modality", modality)));
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        String taskId = response.json("/taskId").asText();
        // The task view is a projection: wait until it shows the new task, so a test may read it at once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/ingestion-tasks/" + taskId).status() == 200);
        return taskId;
    }

    public static void start(Api api, String taskId) {
        var response = api.post("/v1/ingestion-tasks/" + taskId + "/start", null);
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
    }

    /** Waits until the task has ended and returns its final view. */
    public static JsonNode awaitEnd(Api api, String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = api.get("/v1/ingestion-tasks/" + taskId);
            last[0] = response.body();
            return response.status() == 200 && !"RUNNING".equals(response.json("/status").asText())
                    && !"CREATED".equals(response.json("/status").asText());
        });
        return last[0];
    }

    /** Polls the asset search at {@code path} until it answers 200 with {@code total} hits; returns that page. */
    public static JsonNode awaitAssets(Api api, String path, int total, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
            var response = api.get(path);
            last[0] = response.body();
            return response.status() == 200 && response.json("/total").asInt() == total;
        });
        return last[0];
    }
}
