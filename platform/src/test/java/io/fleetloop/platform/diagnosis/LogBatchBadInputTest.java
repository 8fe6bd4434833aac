package io.fleetloop.platform.diagnosis;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to log batches gets a clear 4xx naming the field and registers nothing: upload to a completed batch or to
 * another tenant's batch, a file over the limit (413), a truncated upload (then resumed), a sha256 mismatch, complete without
 * files, a duplicate file id with other content.
 */
class LogBatchBadInputTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "logs-bad-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    private static byte[] line() {
        return "2026-06-01T08:00:00Z [BMS] ERROR E1 x\n".getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void completeWithoutFilesIsRefusedAndTheBatchStaysPending() {
        String batchId = LogBatches.create(api, "car-1");
        Api.Response refused = api.post("/api/v1/batches/" + batchId + "/complete", Map.of());
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.raw()).contains("files");
        assertThat(api.get("/api/v1/batches/" + batchId).json("/status").asText()).isEqualTo("pending");
    }

    @Test
    void aBatchNeedsItsVehicle() {
        Api.Response refused = api.post("/api/v1/batches", Map.of("vehiclePlatform", "J7", "firmwareVersion", "1"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.raw()).contains("vehicleId");
    }

    @Test
    void anotherTenantsBatchIsNotFound() {
        String batchId = LogBatches.create(api, "car-1");
        Api mallory = platform.as("mallory", java.util.List.of("other-" + tenant), Role.PLATFORM_ADMIN);
        assertThat(LogBatches.upload(platform, mallory, batchId, "f1", "a.log", line(), Map.of()).status()).isEqualTo(404);
        assertThat(mallory.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(404);
        assertThat(mallory.get("/api/v1/batches/" + batchId).status()).isEqualTo(404);
        assertThat(mallory.get("/api/v1/batches/" + batchId + "/report").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/batches/" + batchId).json("/fileCount").asInt()).isZero();
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413AndRegistersNothing() {
        String batchId = LogBatches.create(api, "car-1");
        long limit = platform.bean(org.springframework.core.env.Environment.class).getRequiredProperty("fleetloop.log-batches.max-file-bytes", Long.class);
        // declared by X-File-Size: refused before the body is read
        LogBatches.Upload refused = LogBatches.upload(platform, api, batchId, "big", "big.log", line(),
                Map.of("X-File-Size", Long.toString(limit + 1)));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("status").asInt()).isEqualTo(413);
        assertThat(refused.body().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("file");
        assertThat(refused.body().path("detail").asText()).contains("limit of " + limit + " bytes");
        // a resumed upload whose offset plus body would pass the limit: refused the same way
        LogBatches.Upload resumedPastLimit = LogBatches.upload(platform, api, batchId, "big", "big.log", line(),
                Map.of("X-Upload-Offset", Long.toString(limit)));
        assertThat(resumedPastLimit.status()).as(resumedPastLimit.raw()).isEqualTo(413);
        assertThat(resumedPastLimit.body().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        // nothing half-registered: no partial upload, no file on the batch, the batch still pending
        assertThat(api.get("/api/v1/batches/" + batchId + "/uploads/big").json("/status").asText()).isEqualTo("none");
        Api.Response batch = api.get("/api/v1/batches/" + batchId);
        assertThat(batch.json("/fileCount").asInt()).isZero();
        assertThat(batch.json("/status").asText()).isEqualTo("pending");
        // and the same file id uploads cleanly at its real size afterwards
        LogBatches.Upload accepted = LogBatches.upload(platform, api, batchId, "big", "big.log", line(),
                Map.of("X-File-Size", Integer.toString(line().length)));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
    }

    @Test
    void aFileSentAsAFormIsRefusedAndRegistersNothing() {
        String batchId = LogBatches.create(api, "car-1");
        LogBatches.Upload refused = LogBatches.upload(platform, api, batchId, "f1", "a.log", line(),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("Content-Type");
        assertThat(api.get("/api/v1/batches/" + batchId + "/uploads/f1").json("/status").asText()).isEqualTo("none");
        assertThat(api.get("/api/v1/batches/" + batchId).json("/fileCount").asInt()).isZero();
    }

    @Test
    void aChecksumMismatchRegistersNothing() {
        String batchId = LogBatches.create(api, "car-1");
        LogBatches.Upload refused = LogBatches.upload(platform, api, batchId, "f1", "a.log", line(), Map.of("X-Content-SHA256", "0".repeat(64)));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.raw()).contains("X-Content-SHA256");
        assertThat(api.get("/api/v1/batches/" + batchId + "/uploads/f1").json("/status").asText()).isEqualTo("none");
        // the same file id uploads cleanly afterwards
        assertThat(LogBatches.upload(platform, api, batchId, "f1", "a.log", line(), Map.of()).status()).isEqualTo(201);
    }

    @Test
    void aDuplicateFileIdWithOtherContentIsRefusedAndTheSameContentIsIdempotent() {
        String batchId = LogBatches.create(api, "car-1");
        assertThat(LogBatches.upload(platform, api, batchId, "f1", "a.log", line(), Map.of()).status()).isEqualTo(201);
        LogBatches.Upload duplicate = LogBatches.upload(platform, api, batchId, "f1", "a.log", "other\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(duplicate.status()).as(duplicate.raw()).isEqualTo(409);
        LogBatches.Upload same = LogBatches.upload(platform, api, batchId, "f1", "a.log", line(), Map.of("X-Content-SHA256", LogBatches.sha256(line())));
        assertThat(same.status()).as(same.raw()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/batches/" + batchId).json("/fileCount").asInt() == 1);
    }

    @Test
    void uploadingToACompletedBatchIsRefused() {
        String batchId = LogBatches.create(api, "car-1");
        assertThat(LogBatches.upload(platform, api, batchId, "f1", "a.log", line(), Map.of()).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(200);
        LogBatches.Upload late = LogBatches.upload(platform, api, batchId, "f2", "b.log", line(), Map.of());
        assertThat(late.status()).as(late.raw()).isEqualTo(409);
        assertThat(api.get("/api/v1/batches/" + batchId + "/uploads/f2").json("/status").asText()).isEqualTo("none");
    }

    @Test
    void aTruncatedUploadRegistersNothingAndResumesFromItsCommittedParts() {
        String batchId = LogBatches.create(api, "car-1");
        byte[] file = new byte[12 << 20];
        new Random(5).nextBytes(file);
        for (int i = 0; i < file.length; i += 100) file[i] = '\n';
        String sha = LogBatches.sha256(file);
        byte[] firstPiece = Arrays.copyOf(file, 7 << 20);
        LogBatches.Upload truncated = LogBatches.upload(platform, api, batchId, "big", "big.log", firstPiece,
                Map.of("X-File-Size", Integer.toString(file.length), "X-Content-SHA256", sha));
        assertThat(truncated.status()).as(truncated.raw()).isEqualTo(400);
        assertThat(truncated.raw()).contains("truncated");
        assertThat(api.get("/api/v1/batches/" + batchId).json("/fileCount").asInt()).isZero();
        Api.Response state = api.get("/api/v1/batches/" + batchId + "/uploads/big");
        assertThat(state.json("/status").asText()).isEqualTo("partial");
        long committed = state.json("/committedBytes").asLong();
        assertThat(committed).isEqualTo(5 << 20);

        LogBatches.Upload wrongOffset = LogBatches.upload(platform, api, batchId, "big", "big.log", new byte[10],
                Map.of("X-Upload-Offset", "123"));
        assertThat(wrongOffset.status()).as(wrongOffset.raw()).isEqualTo(400);
        assertThat(wrongOffset.raw()).contains("X-Upload-Offset");

        byte[] rest = Arrays.copyOfRange(file, (int) committed, file.length);
        LogBatches.Upload resumed = LogBatches.upload(platform, api, batchId, "big", "big.log", rest,
                Map.of("X-Upload-Offset", Long.toString(committed), "X-File-Size", Integer.toString(file.length), "X-Content-SHA256", sha));
        assertThat(resumed.status()).as(resumed.raw()).isEqualTo(201);
        assertThat(resumed.body().path("resumed").asBoolean()).isTrue();
        assertThat(resumed.body().path("sha256").asText()).isEqualTo(sha);
        assertThat(resumed.body().path("sizeBytes").asLong()).isEqualTo(file.length);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/batches/" + batchId).json("/fileCount").asInt() == 1);
    }

    @Test
    void aParseJobThatCrashesOnEveryTryFailsThatFileWithTheReasonAndTheBatchStillFinishes() throws Exception {
        String batchId = LogBatches.create(api, "car-1");
        assertThat(LogBatches.upload(platform, api, batchId, "good", "good.log", line(), Map.of()).status()).isEqualTo(201);
        LogBatches.Upload doomed = LogBatches.upload(platform, api, batchId, "gone", "gone.log", line(), Map.of());
        assertThat(doomed.status()).as(doomed.raw()).isEqualTo(201);
        // the stored file disappears before its parse job runs: every try throws (not a parse refusal), the last one fails it
        var store = platform.bean(io.fleetloop.command.objectstore.PlatformObjectStore.class);
        String key = doomed.body().path("storagePath").asText().substring(("s3://" + store.bucket() + "/").length());
        store.client().removeObject(io.minio.RemoveObjectArgs.builder().bucket(store.bucket()).object(key).build());
        assertThat(api.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(200);

        com.fasterxml.jackson.databind.JsonNode batch = LogBatches.awaitStatus(api, batchId, "completed");
        assertThat(batch.path("parsedCount").asInt()).isEqualTo(1);
        assertThat(batch.path("failedCount").asInt()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode gone = null;
        for (com.fasterxml.jackson.databind.JsonNode f : batch.path("files")) if (f.path("fileId").asText().equals("gone")) gone = f;
        assertThat(gone).isNotNull();
        assertThat(gone.path("status").asText()).isEqualTo("failed");
        assertThat(gone.path("reason").asText()).contains("reading the file failed");
        Api.Response report = api.get("/api/v1/batches/" + batchId + "/report");
        assertThat(report.status()).as(report.raw()).isEqualTo(200);
        assertThat(report.json("/report/failedFiles").asInt()).isEqualTo(1);
        assertThat(report.json("/report/parsedFiles").asInt()).isEqualTo(1);
    }
}
