package io.fleetloop.platform.diagnosis;

import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004 "singleflight": 100 concurrent requests for a report that is not cached cause exactly ONE database read
 * (counted by the cache loader, read from the metric {@code fleetloop.logbatch.report.loads}); cached reads cause none;
 * new events of the batch (its diagnosis) drop the cached report, so the next read shows them.
 */
class ReportCacheSingleflightTest {

    private final RunningPlatform platform = RunningPlatform.shared();

    private double loads() {
        return platform.bean(MeterRegistry.class).get("fleetloop.logbatch.report.loads").functionCounter().count();
    }

    @Test
    void aHundredConcurrentReadsOfAnUncachedReportReadTheDatabaseOnce() throws Exception {
        String tenant = "logs-cache-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = platform.api(tenant);
        String batchId = LogBatches.create(api, "car-9");
        byte[] log = LogBatchEndToEndTest.TEXT_LOG.getBytes(StandardCharsets.UTF_8);
        assertThat(LogBatches.upload(platform, api, batchId, "f1", "drive.log", log, Map.of()).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(200);
        String seen = LogBatches.awaitAnyStatus(api, batchId, java.util.Set.of("diagnosing", "completed")).path("status").asText();
        Api.Response gathered = api.get("/api/v1/batches/" + batchId + "/report"); // cached now
        assertThat(gathered.status()).as(gathered.raw()).isEqualTo(200);
        boolean cachedWithoutDiagnosis = seen.equals("diagnosing")
                && (gathered.json("/diagnosis").isNull() || gathered.json("/diagnosis").isMissingNode());
        LogBatches.awaitStatus(api, batchId, "completed");
        // the diagnosis (the built-in diagnoser's job) and the completion were projected: they dropped the cached report

        double before = loads();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(100)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/batches/" + batchId + "/report"))
                .header("Authorization", "Bearer " + api.token()).GET().build();
        ExecutorService callers = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, callers));
        }
        start.countDown();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> answer = response.join();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"totalErrors\":8").contains("\"diagnoser\":\"builtin\"");
        }
        callers.shutdownNow();
        // one read: the cached report without a diagnosis (when it was read while diagnosing) had been dropped
        assertThat(loads() - before).as("cached without a diagnosis: %s", cachedWithoutDiagnosis).isLessThanOrEqualTo(1.0);
        if (cachedWithoutDiagnosis) assertThat(loads() - before).isEqualTo(1.0);

        // cached: more reads, no database read
        assertThat(api.get("/api/v1/batches/" + batchId + "/report").status()).isEqualTo(200);
        assertThat(loads() - before).isEqualTo(1.0);

        // another tenant asking for it gets 404 from the same cached entry, without a read either
        Api other = platform.api("other-" + tenant);
        assertThat(other.get("/api/v1/batches/" + batchId + "/report").status()).isEqualTo(404);
        assertThat(loads() - before).isEqualTo(1.0);
    }
}
