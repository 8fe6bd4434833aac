package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP-upload sources: a client we did not write ({@code curl}) PUTs the parts of a file straight to the object store
 * with the presigned URLs the platform issued, resumes after missing a part, and completes; the platform checks size
 * and sha256 and registers the file once, however often complete is called. A wrong checksum, an expired URL and
 * another tenant's task are refused, and nothing is registered for them.
 */
class HttpUploadEndToEndTest {

    private static final int MIB = 1024 * 1024;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "upl-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    @Test
    void aFilePushedInPartsWithPresignedUrlsIsVerifiedAndRegisteredOnce() throws Exception {
        String sourceId = createSource("uploads");
        String taskId = createRunningTask(sourceId, "uploads/clips");
        byte[] file = SourceBucket.randomBytes(12 * MIB + 12_345, 7);
        String sha = SourceBucket.sha256(file);

        var opened = api.post("/v1/ingestion-tasks/" + taskId + "/uploads",
                Map.of("fileName", "drive-7/front.mcap", "size", file.length, "sha256", sha, "partSize", 5 * MIB));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
        String uploadId = opened.json("/uploadId").asText();
        JsonNode parts = opened.json("/parts");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(2).path("size").asLong()).isEqualTo(2 * MIB + 12_345);

        // Parts 1 and 3 arrive; the client then asks what is missing and resumes with a fresh URL.
        String etag1 = curlPut(parts.get(0).path("url").asText(), slice(file, 0, 5 * MIB));
        String etag3 = curlPut(parts.get(2).path("url").asText(), slice(file, 10 * MIB, file.length));
        var status = api.get("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId);
        assertThat(status.status()).as(status.raw()).isEqualTo(200);
        assertThat(status.json("/receivedParts").findValuesAsText("partNumber")).containsExactly("1", "3");
        assertThat(status.json("/missingParts")).hasSize(1);
        assertThat(status.json("/missingParts/0/partNumber").asInt()).isEqualTo(2);
        String etag2 = curlPut(status.json("/missingParts/0/url").asText(), slice(file, 5 * MIB, 10 * MIB));

        var completed = api.post("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId + "/complete", Map.of("parts", List.of(
                Map.of("partNumber", 1, "etag", etag1), Map.of("partNumber", 2, "etag", etag2), Map.of("partNumber", 3, "etag", etag3))));
        assertThat(completed.status()).as(completed.raw()).isEqualTo(200);
        String assetId = completed.json("/assetId").asText();
        String storagePath = completed.json("/storagePath").asText();
        assertThat(storagePath).isEqualTo("s3://fleetloop-main/tenants/" + tenant + "/uploads/clips/" + uploadId + "/drive-7/front.mcap");
        assertThat(SourceBucket.storedSha256(SourceBucket.platformClient(), storagePath)).isEqualTo(sha);

        // Completing again answers the same and registers nothing more.
        var again = api.post("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId + "/complete", null);
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.json("/assetId").asText()).isEqualTo(assetId);

        JsonNode assets = Ingestions.awaitAssets(api, "/v1/assets?sourceId=" + sourceId, 1, Duration.ofSeconds(30));
        assertThat(assets.at("/items/0/assetId").asText()).isEqualTo(assetId);
        assertThat(assets.at("/items/0/sha256").asText()).isEqualTo(sha);
        assertThat(assets.at("/items/0/attributes/file-name").asText()).isEqualTo("drive-7/front.mcap");
        JsonNode task = api.get("/v1/ingestion-tasks/" + taskId).body();
        assertThat(task.path("status").asText()).isEqualTo("RUNNING");
        assertThat(task.path("objectCount").asInt()).isEqualTo(1);

        // The task is stopped: no new upload until it is started again.
        assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/stop", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(api.get("/v1/ingestion-tasks/" + taskId).json("/status").asText()));
        var refused = api.post("/v1/ingestion-tasks/" + taskId + "/uploads", Map.of("fileName", "late.bin", "size", 10, "sha256", sha));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    }

    @Test
    void aWrongChecksumAnExpiredUrlAndAnotherTenantsTaskAreRefused() throws Exception {
        String sourceId = createSource("uploads");
        String taskId = createRunningTask(sourceId, "uploads");
        byte[] content = "not the announced bytes".getBytes(StandardCharsets.UTF_8);
        String announced = SourceBucket.sha256("the announced bytes!!!!".getBytes(StandardCharsets.UTF_8));

        // Wrong checksum: 400, the object deleted, nothing registered, the upload rejected for good.
        var opened = api.post("/v1/ingestion-tasks/" + taskId + "/uploads", Map.of("fileName", "a.bin", "size", content.length, "sha256", announced));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
        String uploadId = opened.json("/uploadId").asText();
        curlPut(opened.json("/parts/0/url").asText(), content);
        var wrong = api.post("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId + "/complete", null);
        IngestionBadInputTest.assertField(wrong, 400, "sha256");
        assertThat(SourceBucket.storedSha256(SourceBucket.platformClient(), opened.json("/storagePath").asText())).isNull();
        assertThat(api.get("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId).json("/status").asText()).isEqualTo("REJECTED");
        assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId + "/complete", null).status()).isEqualTo(409);

        // An expired URL is refused by the store itself.
        var shortLived = api.post("/v1/ingestion-tasks/" + taskId + "/uploads",
                Map.of("fileName", "b.bin", "size", content.length, "sha256", SourceBucket.sha256(content), "urlExpirySeconds", 1));
        assertThat(shortLived.status()).as(shortLived.raw()).isEqualTo(201);
        // the URL carries its expiry; wait (with a deadline) until the clock is past it, the store's whole second included
        java.time.Instant expired = java.time.Instant.parse(shortLived.json("/expiresAt").asText()).plusSeconds(1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> java.time.Instant.now().isAfter(expired));
        Curl late = curl(shortLived.json("/parts/0/url").asText(), content);
        assertThat(late.status()).as(late.output()).isEqualTo(403);
        var abort = api.send("DELETE", "/v1/ingestion-tasks/" + taskId + "/uploads/" + shortLived.json("/uploadId").asText(), null);
        assertThat(abort.status()).as(abort.raw()).isEqualTo(204);

        // Another tenant sees neither the task nor the upload.
        Api other = platform.api("other-" + tenant);
        var foreign = other.post("/v1/ingestion-tasks/" + taskId + "/uploads", Map.of("fileName", "c.bin", "size", 1, "sha256", announced));
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(404);
        assertThat(other.get("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId).status()).isEqualTo(404);
        assertThat(other.post("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId + "/complete", null).status()).isEqualTo(404);

        // Bad announcements.
        IngestionBadInputTest.assertField(api.post("/v1/ingestion-tasks/" + taskId + "/uploads",
                Map.of("fileName", "../escape.bin", "size", 1, "sha256", announced)), 400, "fileName");
        IngestionBadInputTest.assertField(api.post("/v1/ingestion-tasks/" + taskId + "/uploads",
                Map.of("fileName", "x.bin", "size", 1, "sha256", "abc")), 400, "sha256");
        IngestionBadInputTest.assertField(api.post("/v1/ingestion-tasks/" + taskId + "/uploads",
                Map.of("fileName", "x.bin", "size", 1, "sha256", announced, "partSize", 1024)), 400, "partSize");

        assertThat(api.get("/v1/ingestion-tasks/" + taskId).json("/objectCount").asInt()).isZero();
        assertThat(api.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt()).isZero();
    }

    private record Curl(int status, String etag, String output) {
    }

    /** PUTs the bytes with curl, as any HTTP client would; returns the part's ETag. */
    private static String curlPut(String url, byte[] body) throws Exception {
        Curl result = curl(url, body);
        assertThat(result.status()).as(result.output()).isEqualTo(200);
        assertThat(result.etag()).as(result.output()).isNotBlank();
        return result.etag();
    }

    private static Curl curl(String url, byte[] body) throws IOException, InterruptedException {
        Path file = Files.createTempFile("part", ".bin");
        try {
            Files.write(file, body);
            Process process = new ProcessBuilder("curl", "-sS", "-X", "PUT", "-T", file.toString(), "-D", "-", "-o", "/dev/null",
                    "-w", "\nstatus=%{http_code}\n", url).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            int status = Integer.parseInt(output.substring(output.lastIndexOf("status=") + 7).strip());
            String etag = Arrays.stream(output.split("\r?\n")).filter(l -> l.toLowerCase(Locale.ROOT).startsWith("etag:"))
                    .map(l -> l.substring(5).strip().replace("\"", "")).findFirst().orElse(null);
            return new Curl(status, etag, output);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] slice(byte[] all, int from, int to) {
        return Arrays.copyOfRange(all, from, to);
    }

    private String createSource(String name) {
        var response = api.post("/v1/datasources", Map.of("name", name, "protocolType", "HTTP_UPLOAD"));
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        return response.json("/sourceId").asText();
    }

    private String createRunningTask(String sourceId, String targetPath) {
        var response = api.post("/v1/ingestion-tasks", Map.of("sourceId", sourceId,
                "ingestionRule", Map.of("targetPath", targetPath, "modality", "MCAP")));
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        String taskId = response.json("/taskId").asText();
        assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/start", null).status()).isEqualTo(202);
        return taskId;
    }
}
