package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.sun.net.httpserver.HttpServer;
import io.fleetloop.api.diagnosis.Citation;
import io.fleetloop.api.diagnosis.DiagnoseLogBatchJob;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.DiagnosisStep;
import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.KnowledgeContent;
import io.fleetloop.api.diagnosis.KnowledgeHit;
import io.fleetloop.api.diagnosis.KnowledgeHits;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.RecordBatchDiagnosisCommand;
import io.fleetloop.api.diagnosis.RetrievalMode;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.workers.common.JobContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The log-diagnosis job without the platform: the knowledge base is a stand-in retriever (fixed hits per error code,
 * what query-side would answer); the LLM is a fake OpenAI-compatible server (com.sun.net.httpserver) that counts the
 * requests in flight; the command gateway and scheduler are mocks capturing what the job sends and queues.
 */
class DiagnosisJobTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
        threads.shutdownNow();
    }

    // ---------- fixtures ----------

    private static KnowledgeHit hit(String id, String code, String title, String fixes, List<String> platforms, String range, int rank) {
        return new KnowledgeHit(id, 1, new KnowledgeContent(code, title, "symptoms of " + code, "cause of " + code, fixes, platforms, range),
                rank, 10.0 / rank, rank, 0.9 / rank, 2.0 / (60 + rank), "test");
    }

    /** Stand-in for query-side's hybrid retrieval: hits by the error code the query starts with. */
    private static final Map<String, List<KnowledgeHit>> KB = Map.of(
            "E101", List.of(hit("kb-bms-1", "E101", "BMS cell over-voltage", "recalibrate the BMS voltage sensor", List.of("J7"), ">=2.0.0 <3.0.0", 1),
                    hit("kb-bms-2", "E102", "BMS cell under-voltage", "check the charger", List.of("J7"), "*", 2),
                    // another platform's entry slipping through would be rejected by the pipeline's own check
                    hit("kb-x9-1", "E101", "X9 BMS over-voltage", "X9-only fix", List.of("X9"), "*", 3)),
            "W202", List.of(hit("kb-cam-1", "W202", "Front camera frame drop", "reseat the camera connector", List.of("J7"), "[2.1.0,2.5.0)", 1)),
            "E999", List.of());

    private static final KnowledgeRetriever RETRIEVER = query -> new KnowledgeHits(
            KB.getOrDefault(query.query().split(" ")[0], List.of()), RetrievalMode.HYBRID, 60, "stand-in");

    private static DiagnoseLogBatchJob job(String batch) {
        return new DiagnoseLogBatchJob("acme", new LogBatchId(batch), "J7", "2.3.1", List.of(
                new ErrorCodeStat("W202", "camera", "WARN", 30, T, T.plusSeconds(60), "frame drop on cam0"),
                new ErrorCodeStat("E101", "bms", "ERROR", 120, T, T.plusSeconds(90), "cell 7 voltage 4.31V above limit"),
                new ErrorCodeStat("E999", "gateway", "ERROR", 5, T, T.plusSeconds(5), "unexpected frame")),
                List.of("battery temperature peaked at 52°C"), 1);
    }

    private static DiagnosisProperties.Llm llm(String baseUrl, Duration timeout, int maxConcurrency, int maxWaiting, Duration maxWait) {
        return new DiagnosisProperties.Llm(baseUrl, "fake-model", null, timeout, maxConcurrency, maxWaiting, maxWait, Duration.ofSeconds(15), 3);
    }

    private DiagnosisPipeline pipeline(DiagnosisProperties.Llm llm) {
        return new DiagnosisPipeline(RETRIEVER, new BuiltinDiagnoser(), llm == null ? null : new LlmDiagnoser(llm, "test-key", JSON), JSON, 5);
    }

    /** A fake chat-completions server answering with {@code answer(request)} after {@code delay}; counts requests in flight. */
    private record FakeModel(String baseUrl, AtomicInteger inFlight, AtomicInteger maxInFlight, AtomicInteger requests) {
    }

    private FakeModel fakeModel(Duration delay, CountDownLatch gate, Function<JsonNode, String> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/v1/chat/completions", exchange -> {
            int now = inFlight.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            requests.incrementAndGet();
            try {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                if (gate != null) gate.await(30, TimeUnit.SECONDS);
                if (!delay.isZero()) Thread.sleep(delay.toMillis());
                String content = answer.apply(request);
                String body = JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1, "model", "fake-model",
                        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content), "finish_reason", "stop")),
                        "usage", Map.of("prompt_tokens", 100, "completion_tokens", 20, "total_tokens", 120)));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (timeout)
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        servers.add(server);
        return new FakeModel("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", inFlight, max, requests);
    }

    /** The model's answer: cites the first retrieved entry, an invented id, and a candidate resting on invented ids only. */
    private static String hallucinating(JsonNode request) {
        try {
            JsonNode prompt = JSON.readTree(request.path("messages").get(1).path("content").asText());
            String first = prompt.path("knowledgeEntries").get(0).path("id").asText();
            return "```json\n" + JSON.writeValueAsString(Map.of(
                    "candidates", List.of(
                            Map.of("cause", "BMS over-voltage from a drifting sensor", "confidence", 0.8, "errorCodes", List.of("E101"),
                                    "citedEntryIds", List.of(first, "kb-invented-7")),
                            Map.of("cause", "a firmware bug nobody documented", "confidence", 0.6, "errorCodes", List.of("E999"),
                                    "citedEntryIds", List.of("kb-ghost"))),
                    "recommendations", List.of("recalibrate the BMS voltage sensor"), "confidence", 0.8)) + "\n```";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DiagnosisStep step(Diagnosis d, String name) {
        return d.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    // ---------- built-in ----------

    @Test
    void builtinDiagnoserCitesTheEntriesOfTheBatchsErrorCodesAndNothingForAnotherPlatform() {
        Diagnosis d = pipeline(null).diagnose(job("b-1"), true).diagnosis();

        assertThat(d.diagnoser()).isEqualTo("builtin");
        assertThat(d.steps()).extracting(DiagnosisStep::name).containsExactly("triage", "retrieve", "reason", "verify");
        assertThat(d.citations()).extracting(Citation::entryId).containsExactlyInAnyOrder("kb-bms-1", "kb-cam-1");
        assertThat(d.citations()).extracting(Citation::entryId).doesNotContain("kb-x9-1");
        assertThat(d.candidates().get(0).errorCodes()).containsExactly("E101");
        assertThat(d.candidates().get(0).citedEntryIds()).containsExactly("kb-bms-1");
        assertThat(d.candidates().get(0).confidence()).isGreaterThan(0.8);
        assertThat(d.candidates()).filteredOn(c -> c.errorCodes().contains("W202")).singleElement()
                .satisfies(c -> assertThat(c.citedEntryIds()).containsExactly("kb-cam-1"));
        assertThat(d.candidates()).filteredOn(c -> c.errorCodes().contains("E999")).singleElement()
                .satisfies(c -> {
                    assertThat(c.citedEntryIds()).isEmpty();
                    assertThat(c.confidence()).isLessThan(0.2);
                    assertThat(c.cause()).contains("unknown error code E999");
                });
        assertThat(d.recommendations()).startsWith("recalibrate the BMS voltage sensor").contains("reseat the camera connector")
                .doesNotContain("X9-only fix");
        assertThat(d.confidence()).isEqualTo(d.candidates().get(0).confidence());
        assertThat(step(d, "triage").output()).startsWith("[{").contains("\"code\":\"E101\"");
        assertThat(step(d, "retrieve").output()).contains("\"rejectedByHardFilter\":1");
    }

    @Test
    void triageOrdersBySeverityThenCount() {
        assertThat(DiagnosisPipeline.triage(job("b").topErrors())).extracting(f -> f.stat().code()).containsExactly("E101", "E999", "W202");
    }

    // ---------- LLM ----------

    @Test
    void llmDiagnoserGetsTheEvidenceAndItsInventedCitationsAreDropped() throws Exception {
        List<JsonNode> prompts = new ArrayList<>();
        FakeModel model = fakeModel(Duration.ZERO, null, request -> {
            synchronized (prompts) {
                prompts.add(request);
            }
            return hallucinating(request);
        });
        DiagnosisPipeline.Outcome outcome = pipeline(llm(model.baseUrl(), Duration.ofSeconds(10), 2, 4, Duration.ofSeconds(5)))
                .diagnose(job("b-2"), true);
        Diagnosis d = outcome.diagnosis();

        assertThat(d.diagnoser()).isEqualTo("llm:fake-model");
        assertThat(outcome.tokens()).isEqualTo(120);
        assertThat(d.candidates()).singleElement().satisfies(c -> assertThat(c.citedEntryIds()).containsExactly("kb-bms-1"));
        assertThat(d.citations()).extracting(Citation::entryId).containsExactly("kb-bms-1");
        assertThat(step(d, "verify").output()).contains("kb-invented-7").contains("kb-ghost");
        String prompt = prompts.get(0).path("messages").get(1).path("content").asText();
        assertThat(prompt).contains("kb-bms-1").contains("kb-cam-1").contains("\"vehiclePlatform\":\"J7\"").doesNotContain("kb-x9-1");
        assertThat(prompts.get(0).path("model").asText()).isEqualTo("fake-model");
    }

    @Test
    void aModelThatOnlyInventsCitationsFallsBackToTheBuiltinDiagnoser() throws Exception {
        FakeModel model = fakeModel(Duration.ZERO, null, r -> "{\"candidates\":[{\"cause\":\"x\",\"confidence\":0.9,\"errorCodes\":[\"E101\"],"
                + "\"citedEntryIds\":[\"kb-nope\"]}],\"recommendations\":[],\"confidence\":0.9}");
        Diagnosis d = pipeline(llm(model.baseUrl(), Duration.ofSeconds(10), 2, 4, Duration.ofSeconds(5))).diagnose(job("b-3"), true).diagnosis();

        assertThat(d.diagnoser()).isEqualTo("builtin");
        assertThat(step(d, "verify").output()).contains("kb-nope").contains("built-in diagnoser used");
        assertThat(d.citations()).extracting(Citation::entryId).contains("kb-bms-1");
    }

    @Test
    void aModelThatTimesOutFallsBackToTheBuiltinDiagnoser() throws Exception {
        FakeModel model = fakeModel(Duration.ofSeconds(3), null, DiagnosisJobTest::hallucinating);
        long started = System.nanoTime();
        Diagnosis d = pipeline(llm(model.baseUrl(), Duration.ofMillis(500), 2, 4, Duration.ofSeconds(5))).diagnose(job("b-4"), true).diagnosis();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(d.diagnoser()).isEqualTo("builtin");
        assertThat(step(d, "reason").output()).contains("model failed");
        assertThat(d.citations()).extracting(Citation::entryId).containsExactlyInAnyOrder("kb-bms-1", "kb-cam-1");
    }

    @Test
    void atMostKCallsAreInFlightAtTheModelWhateverTheNumberOfParallelJobs() throws Exception {
        FakeModel model = fakeModel(Duration.ofMillis(300), null, DiagnosisJobTest::hallucinating);
        DiagnosisPipeline pipeline = pipeline(llm(model.baseUrl(), Duration.ofSeconds(10), 2, 16, Duration.ofSeconds(30)));
        List<Future<Diagnosis>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String batch = "b-par-" + i;
            results.add(threads.submit(() -> pipeline.diagnose(job(batch), true).diagnosis()));
        }
        for (Future<Diagnosis> result : results) assertThat(result.get(60, TimeUnit.SECONDS).diagnoser()).isEqualTo("llm:fake-model");

        assertThat(model.requests().get()).isEqualTo(8);
        assertThat(model.maxInFlight().get()).isEqualTo(2);
    }

    @Test
    void beyondTheWaitingLineAJobIsRefusedAsBusyNotQueuedInMemory() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeModel model = fakeModel(Duration.ZERO, release, DiagnosisJobTest::hallucinating);
        DiagnosisPipeline pipeline = pipeline(llm(model.baseUrl(), Duration.ofSeconds(30), 1, 1, Duration.ofSeconds(30)));
        Future<Diagnosis> holding = threads.submit(() -> pipeline.diagnose(job("b-hold"), true).diagnosis());
        await().atMost(Duration.ofSeconds(10)).until(() -> model.inFlight().get() == 1);
        Future<Diagnosis> waiting = threads.submit(() -> pipeline.diagnose(job("b-wait"), true).diagnosis());
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(200)).until(() -> !waiting.isDone());

        ConcurrentHashMap<String, Throwable> refused = new ConcurrentHashMap<>();
        try {
            pipeline.diagnose(job("b-third"), true);
        } catch (DiagnoserBusyException e) {
            refused.put("b-third", e);
        }
        // without deferral allowed, the same situation answers with the built-in diagnoser instead
        Diagnosis fallback = pipeline.diagnose(job("b-fourth"), false).diagnosis();
        release.countDown();

        assertThat(refused).containsKey("b-third");
        assertThat(fallback.diagnoser()).isEqualTo("builtin");
        assertThat(step(fallback, "reason").output()).contains("model busy");
        assertThat(holding.get(30, TimeUnit.SECONDS).diagnoser()).isEqualTo("llm:fake-model");
        assertThat(waiting.get(30, TimeUnit.SECONDS).diagnoser()).isEqualTo("llm:fake-model");
        assertThat(model.maxInFlight().get()).isEqualTo(1);
    }

    // ---------- the job ----------

    /** A JobContext stand-in recording metered usage. */
    private static final class RecordingContext implements JobContext {
        final String jobId;
        final boolean last;
        final List<String> metered = new ArrayList<>();

        RecordingContext(String jobId, boolean last) {
            this.jobId = jobId;
            this.last = last;
        }

        public String jobId() { return jobId; }
        public int attempt() { return 1; }
        public boolean lastTry() { return last; }
        public void progress(long done, long total) { }
        public boolean cancelled() { return false; }
        public void recordUsage(String resource, double quantity, String unit) { }
        public void meter(UsageSubject subject, String resource, double quantity, String unit) {
            metered.add(subject.taskId() + " " + resource + " " + quantity + " " + unit);
        }
    }

    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    @Test
    void theJobAnswersTheBatchWithItsDiagnosisAndMetersTheCall() throws Exception {
        FakeModel model = fakeModel(Duration.ZERO, null, DiagnosisJobTest::hallucinating);
        DiagnosisProperties.Llm llm = llm(model.baseUrl(), Duration.ofSeconds(10), 2, 4, Duration.ofSeconds(5));
        CommandGateway commands = mock(CommandGateway.class);
        SchedulerClient scheduler = mock(SchedulerClient.class);
        LogDiagnosisJob job = new LogDiagnosisJob(pipeline(llm), commands, scheduler, JSON, CLOCK, llm);
        RecordingContext context = new RecordingContext("log-diagnosis/b-5#1", false);

        job.run(job("b-5"), context);

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(sent.capture(), any(MetaData.class));
        RecordBatchDiagnosisCommand command = (RecordBatchDiagnosisCommand) sent.getValue();
        assertThat(command.batchId()).isEqualTo(new LogBatchId("b-5"));
        assertThat(command.tenantId()).isEqualTo("acme");
        assertThat(command.attempt()).isEqualTo(1);
        assertThat(command.failureReason()).isNull();
        assertThat(command.diagnosis().citations()).extracting(Citation::entryId).containsExactly("kb-bms-1");
        assertThat(context.metered).containsExactly("b-5 diagnosis-calls 1.0 call", "b-5 llm-tokens:fake-model 120.0 token");
        verify(scheduler, never()).scheduleIfNotExists(any(TaskInstance.class), any(Instant.class));
    }

    @Test
    void aJobMeetingABusyModelQueuesItselfLaterAndHoldsNoThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeModel model = fakeModel(Duration.ZERO, release, DiagnosisJobTest::hallucinating);
        DiagnosisProperties.Llm llm = llm(model.baseUrl(), Duration.ofSeconds(30), 1, 0, Duration.ZERO);
        DiagnosisPipeline pipeline = pipeline(llm);
        Future<Diagnosis> holding = threads.submit(() -> pipeline.diagnose(job("b-hold"), true).diagnosis());
        await().atMost(Duration.ofSeconds(10)).until(() -> model.inFlight().get() == 1);
        CommandGateway commands = mock(CommandGateway.class);
        SchedulerClient scheduler = mock(SchedulerClient.class);
        LogDiagnosisJob job = new LogDiagnosisJob(pipeline, commands, scheduler, JSON, CLOCK, llm);

        job.run(job("b-6"), new RecordingContext("log-diagnosis/b-6#1", false));
        release.countDown();

        @SuppressWarnings("unchecked") ArgumentCaptor<TaskInstance<String>> queued = ArgumentCaptor.forClass(TaskInstance.class);
        verify(scheduler).scheduleIfNotExists(queued.capture(), eq(T.plusSeconds(15)));
        assertThat(queued.getValue().getTaskName()).isEqualTo("log-diagnosis");
        assertThat(queued.getValue().getId()).isEqualTo("b-6#1~d1");
        assertThat(JSON.readValue(queued.getValue().getData(), DiagnoseLogBatchJob.class)).isEqualTo(job("b-6"));
        verify(commands, never()).sendAndWait(any(), any(MetaData.class));
        assertThat(holding.get(30, TimeUnit.SECONDS).diagnoser()).isEqualTo("llm:fake-model");
        assertThat(LogDiagnosisJob.deferrals("log-diagnosis/b-6#1~d3")).isEqualTo(3);
    }

    @Test
    void afterItsLastDeferralAJobUsesTheBuiltinDiagnoser() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeModel model = fakeModel(Duration.ZERO, release, DiagnosisJobTest::hallucinating);
        DiagnosisProperties.Llm llm = llm(model.baseUrl(), Duration.ofSeconds(30), 1, 0, Duration.ZERO);
        DiagnosisPipeline pipeline = pipeline(llm);
        Future<Diagnosis> holding = threads.submit(() -> pipeline.diagnose(job("b-hold"), true).diagnosis());
        await().atMost(Duration.ofSeconds(10)).until(() -> model.inFlight().get() == 1);
        CommandGateway commands = mock(CommandGateway.class);
        SchedulerClient scheduler = mock(SchedulerClient.class);

        new LogDiagnosisJob(pipeline, commands, scheduler, JSON, CLOCK, llm).run(job("b-7"), new RecordingContext("log-diagnosis/b-7#1~d3", false));
        release.countDown();

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(sent.capture(), any(MetaData.class));
        assertThat(((RecordBatchDiagnosisCommand) sent.getValue()).diagnosis().diagnoser()).isEqualTo("builtin");
        verify(scheduler, never()).scheduleIfNotExists(any(TaskInstance.class), any(Instant.class));
        holding.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theLastTryRecordsAFailedDiagnosisWithTheReason() throws Exception {
        CommandGateway commands = mock(CommandGateway.class);
        KnowledgeRetriever broken = q -> {
            throw new IllegalStateException("knowledge base unreachable");
        };
        DiagnosisProperties.Llm llm = llm(null, Duration.ofSeconds(1), 1, 0, Duration.ZERO);
        LogDiagnosisJob job = new LogDiagnosisJob(new DiagnosisPipeline(broken, new BuiltinDiagnoser(), null, JSON, 5), commands,
                mock(SchedulerClient.class), JSON, CLOCK, llm);

        job.run(job("b-8"), new RecordingContext("log-diagnosis/b-8#1", true));

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(sent.capture(), any(MetaData.class));
        RecordBatchDiagnosisCommand command = (RecordBatchDiagnosisCommand) sent.getValue();
        assertThat(command.diagnosis()).isNull();
        assertThat(command.failureReason()).contains("knowledge base unreachable");
    }
}
