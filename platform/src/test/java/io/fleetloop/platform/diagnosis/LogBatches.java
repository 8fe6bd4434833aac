package io.fleetloop.platform.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.Citation;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.DiagnosisStep;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.RecordBatchDiagnosisCommand;
import io.fleetloop.api.diagnosis.RootCauseCandidate;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drives log batches through the public API as a client would (curl-like raw streaming uploads). */
final class LogBatches {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Upload(int status, JsonNode body, String raw, String contentType) {
    }

    private LogBatches() {
    }

    static String create(Api api, String vehicleId) {
        Api.Response created = api.post("/api/v1/batches", Map.of("vehicleId", vehicleId, "vehiclePlatform", "J7", "firmwareVersion", "2.1.0",
                "testDrive", Map.of("route", "A9 north", "driver", "d-17")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String batchId = created.json("/batchId").asText();
        // The batch view is a projection: tests read it right away (e.g. "still pending"), so wait until it shows the batch.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/batches/" + batchId).status() == 200);
        return batchId;
    }

    /** POSTs the raw bytes of one file; {@code headers} adds X-Content-SHA256, X-File-Size, X-Upload-Offset as given. */
    static Upload upload(RunningPlatform platform, Api api, String batchId, String fileId, String fileName, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/batches/" + batchId + "/upload?fileId="
                        + fileId + "&fileName=" + fileName))
                .header("Authorization", "Bearer " + api.token())
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!headers.containsKey("Content-Type")) request.header("Content-Type", "application/octet-stream");
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Upload(response.statusCode(), json, response.body(), response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode awaitStatus(Api api, String batchId, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(api.get("/api/v1/batches/" + batchId).json("/status").asText()));
        return api.get("/api/v1/batches/" + batchId).body();
    }

    /** Waits until the batch is in one of {@code statuses} (a fast diagnosis may pass "diagnosing" between two polls). */
    static JsonNode awaitAnyStatus(Api api, String batchId, java.util.Set<String> statuses) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> statuses.contains(api.get("/api/v1/batches/" + batchId).json("/status").asText()));
        return api.get("/api/v1/batches/" + batchId).body();
    }
}
