package io.fleetloop.platform.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.fleetloop.api.diagnosis.AllFilesParsedEvent;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.BatchStatus;
import io.fleetloop.api.diagnosis.ExpireBatchPhaseCommand;
import io.fleetloop.api.diagnosis.FileParseStats;
import io.fleetloop.api.diagnosis.FileParsedEvent;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.LogFileKind;
import io.fleetloop.api.diagnosis.ParseLogFileJob;
import io.fleetloop.api.diagnosis.RecordFileParsedCommand;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The barrier on the running platform: re-run parse jobs (as after a crash: a second execution of the same request) and
 * concurrent duplicate FileParsed reports are counted once, gather fires exactly once; a scatter deadline fails the
 * file that was never parsed with the reason and the batch still finishes. The aggregate's given/when/expect cases are
 * in command-side's {@code LogBatchTest} (AggregateTestFixture) and the process's in sagas' {@code LogBatchProcessTest}.
 */
class LogBatchBarrierTest {

    private final RunningPlatform platform = RunningPlatform.shared();

    private long count(String batchId, Class<?> type) {
        return platform.bean(EventStore.class).readEvents(batchId).asStream().filter(e -> e.getPayloadType().equals(type)).count();
    }

    private void send(String tenant, Object command) {
        platform.bean(CommandGateway.class).sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of("operator", "test", "tenantId", tenant)));
    }

    @Test
    void reRunJobsAndDuplicateReportsAreCountedOnceAndGatherFiresOnce() throws Exception {
        String tenant = "logs-barrier-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = platform.api(tenant);
        String batchId = LogBatches.create(api, "car-3");
        byte[] log = LogBatchEndToEndTest.TEXT_LOG.getBytes(StandardCharsets.UTF_8);
        LogBatches.Upload a = LogBatches.upload(platform, api, batchId, "a", "a.log", log, Map.of());
        LogBatches.Upload b = LogBatches.upload(platform, api, batchId, "b", "b.log", log, Map.of());
        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        assertThat(api.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(200);
        LogBatches.awaitAnyStatus(api, batchId, java.util.Set.of("diagnosing", "completed"));

        // a revived execution of file a's parse job (same request, new execution) re-reports: ignored
        BatchFile fileA = new BatchFile("a", "a.log", LogFileKind.TEXT_LOG, log.length, a.body().path("sha256").asText(),
                a.body().path("storagePath").asText());
        String request = platform.bean(ObjectMapper.class).writeValueAsString(new ParseLogFileJob(tenant, new LogBatchId(batchId), fileA));
        platform.bean(SchedulerClient.class).scheduleIfNotExists(new TaskInstance<>(ParseLogFileJob.NAME, batchId + "/a#rerun", request), Instant.now());
        JdbcClient jdbc = platform.bean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.sql("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?")
                        .params(ParseLogFileJob.NAME, batchId + "/a#rerun").query(Long.class).single() == 0L);
        // and twenty concurrent duplicate reports of both files
        FileParseStats stats = new FileParseStats(1, 1, 1, 0, 0, "s3://fleetloop/none");
        List<CompletableFuture<Void>> duplicates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String fileId = i % 2 == 0 ? "a" : "b";
            duplicates.add(CompletableFuture.runAsync(() -> send(tenant, new RecordFileParsedCommand(new LogBatchId(batchId), tenant, fileId, stats))));
        }
        duplicates.forEach(CompletableFuture::join);

        assertThat(count(batchId, FileParsedEvent.class)).isEqualTo(2);
        assertThat(count(batchId, AllFilesParsedEvent.class)).isEqualTo(1);
        assertThat(count(batchId, GatheringCompletedEvent.class)).isEqualTo(1);
        Api.Response report = api.get("/api/v1/batches/" + batchId + "/report");
        assertThat(report.json("/report/totalErrors").asLong()).isEqualTo(16);
        assertThat(report.json("/report/errorCodes/0/count").asLong()).isEqualTo(12);
        assertThat(report.json("/report/parsedFiles").asInt()).isEqualTo(2);
    }

    @Test
    void theScatterDeadlineFailsAFileNeverParsedAndTheBatchStillFinishes() throws Exception {
        String tenant = "logs-deadline-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = platform.api(tenant);
        String batchId = LogBatches.create(api, "car-4");
        byte[] log = LogBatchEndToEndTest.TEXT_LOG.getBytes(StandardCharsets.UTF_8);
        LogBatches.Upload good = LogBatches.upload(platform, api, batchId, "good", "good.log", log, Map.of());
        LogBatches.Upload lost = LogBatches.upload(platform, api, batchId, "lost", "lost.log", log, Map.of());
        assertThat(good.status()).isEqualTo(201);
        assertThat(lost.status()).isEqualTo(201);
        // the lost file's object disappears: its parse job fails and is retried with back-off, never reporting in time
        String path = lost.body().path("storagePath").asText();
        PlatformObjectStore store = platform.bean(PlatformObjectStore.class);
        store.delete(path.substring(("s3://" + store.bucket() + "/").length()));
        assertThat(api.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(200);
        // the process's scatter deadline fires now: the lost file's job is still failing and backing off (its last of
        // three tries comes no sooner than 6 s later), the good file may or may not have reported yet
        send(tenant, new ExpireBatchPhaseCommand(new LogBatchId(batchId), tenant, BatchStatus.SCATTERING));
        var batch = LogBatches.awaitStatus(api, batchId, "completed");
        assertThat(batch.path("failedCount").asInt()).isBetween(1, 2);
        var lostFile = java.util.stream.StreamSupport.stream(batch.path("files").spliterator(), false)
                .filter(f -> f.path("fileId").asText().equals("lost")).findFirst().orElseThrow();
        assertThat(lostFile.path("reason").asText()).isEqualTo("not parsed before the batch's scatter deadline");
        assertThat(api.get("/api/v1/batches/" + batchId + "/report").json("/report/failedFiles").asInt()).isEqualTo(batch.path("failedCount").asInt());
        assertThat(count(batchId, AllFilesParsedEvent.class)).isEqualTo(1);
    }
}
