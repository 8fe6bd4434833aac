package io.fleetloop.platform.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.command.objectstore.MultipartObjectStore;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many uploads into one batch at the same moment all succeed: each one's check and register commands wait for the
 * batch in turn without holding a database connection, so the uploads' own statements are not starved of the pool
 * (which is smaller than the number of uploads). Every file is registered once with its size and sha256.
 */
class LogBatchConcurrentUploadTest {

    private static final int UPLOADS = 48;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "logs-many-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    @Test
    void manyConcurrentUploadsToOneBatchAllRegister() throws Exception {
        String batchId = LogBatches.create(api, "car-many");
        Map<String, byte[]> files = new HashMap<>();
        Random random = new Random(11);
        for (int i = 0; i < UPLOADS; i++) {
            // most files are one small part; every eighth spans two parts (over the 5 MiB part size)
            byte[] file = new byte[i % 8 == 0 ? (5 << 20) + 4096 + i : 2000 + 37 * i];
            random.nextBytes(file);
            for (int j = 0; j < file.length; j += 80) file[j] = '\n';
            files.put(String.format("f%02d", i), file);
        }
        Map<String, String> storagePaths = new HashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
        try {
            List<Future<LogBatches.Upload>> answers = new ArrayList<>();
            for (var file : files.entrySet()) {
                answers.add(clients.submit(() -> LogBatches.upload(platform, api, batchId, file.getKey(), file.getKey() + ".log", file.getValue(),
                        Map.of("X-Content-SHA256", LogBatches.sha256(file.getValue()), "X-File-Size", Integer.toString(file.getValue().length)))));
            }
            for (Future<LogBatches.Upload> answer : answers) {
                LogBatches.Upload upload = answer.get();
                assertThat(upload.status()).as(upload.raw()).isEqualTo(201);
                byte[] sent = files.get(upload.body().path("fileId").asText());
                assertThat(upload.body().path("sizeBytes").asLong()).isEqualTo(sent.length);
                assertThat(upload.body().path("sha256").asText()).isEqualTo(LogBatches.sha256(sent));
                storagePaths.put(upload.body().path("fileId").asText(), upload.body().path("storagePath").asText());
            }
        } finally {
            clients.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/batches/" + batchId).json("/fileCount").asInt() == UPLOADS);
        JsonNode batch = api.get("/api/v1/batches/" + batchId).body();
        assertThat(batch.path("files")).hasSize(UPLOADS);
        MultipartObjectStore store = platform.bean(MultipartObjectStore.class);
        for (JsonNode file : batch.path("files")) {
            byte[] sent = files.get(file.path("fileId").asText());
            assertThat(file.path("sizeBytes").asLong()).isEqualTo(sent.length);
            assertThat(file.path("sha256").asText()).isEqualTo(LogBatches.sha256(sent));
            if (sent.length > 5 << 20) { // what the store assembled from the unsigned parts is the file, byte for byte
                String key = storagePaths.get(file.path("fileId").asText()).replaceFirst("^s3://[^/]+/", "");
                try (InputStream stored = store.read(key)) {
                    assertThat(LogBatches.sha256(stored.readAllBytes())).isEqualTo(LogBatches.sha256(sent));
                }
            }
        }
    }
}
