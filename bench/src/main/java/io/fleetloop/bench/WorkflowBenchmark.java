package io.fleetloop.bench;

import static io.fleetloop.bench.BenchSupport.parallel;
import static io.fleetloop.bench.BenchSupport.rawInserts;
import static io.fleetloop.bench.BenchSupport.seconds;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.StartWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.StepSpec;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.infra.InfraProperties;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Workflow runs against the raw database, measured in one run on the same servers:
 * <ol>
 *   <li>raw PostgreSQL INSERT+COMMIT of an event-sized row, 8 clients (the ceiling);</li>
 *   <li>dispatch latency: a new asset ({@code RegisterAssetCommand}) fires a workflow's {@code asset_new} trigger; the
 *       time from the asset's {@code MetadataRegisteredEvent} to the run's first {@code NodeExecutionStartedEvent}
 *       (both timestamps from the event store), p50/p99 over {@code -Dbench.latencySamples} assets one after another;</li>
 *   <li>throughput: {@code -Dbench.runs} runs of a 10-node DAG of {@code builtin:noop} nodes (one root, eight
 *       parallel branches, one join) started at once by 8 clients; runs/s and node dispatches/s from the first start
 *       to the last {@code WorkflowRunSucceededEvent}.</li>
 * </ol>
 * Checks (the benchmark fails when one does not hold): every run succeeded and every node started exactly once.
 * <p>
 * Run: {@code bench/run.sh workflow [-Dbench.runs=1000] [-Dbench.latencySamples=50] [-Dbench.rows=4000]
 * [-Dbench.pool=20] [-Dbench.runTimeout=PT30M] [-Dbench.timeout=PT40M]}; the report is printed and written to {@code bench/target/workflow.txt}.
 */
public final class WorkflowBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 1000);
    private static final int LATENCY_SAMPLES = Integer.getInteger("bench.latencySamples", 50);
    private static final int RAW_ROWS = Integer.getInteger("bench.rows", 4000);
    private static final int NODES = 10;
    private static final int CLIENTS = 8;
    private static final String TENANT = "bench";
    private static final Duration RUN_TIMEOUT = Duration.parse(System.getProperty("bench.runTimeout", "PT30M"));

    private WorkflowBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        BenchSupport.runAndExit("workflow", Duration.ofMinutes(40), () -> {
            try (LocalInfra infra = PlatformRun.startInfra("workflow")) {
                return run(infra);
            }
        });
    }

    private static int run(LocalInfra infra) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        // the database server may be shared: -Dbench.pool lowers the platform's connection pool (default 20)
        if (System.getProperty("bench.pool") != null) settings.put("spring.datasource.hikari.maximum-pool-size", System.getProperty("bench.pool"));

        String loadAtStart = loadAverage();
        System.out.println("[bench] raw PostgreSQL INSERT+COMMIT baseline ...");
        double raw8 = rawInserts(infra, CLIENTS, RAW_ROWS);

        System.out.println("[bench] starting the platform ...");
        try (PlatformRun run = PlatformRun.start(infra, settings)) {
            ConfigurableApplicationContext platform = run.context;
            CommandGateway commands = platform.getBean(CommandGateway.class);
            JdbcClient jdbc = platform.getBean(JdbcClient.class);

            System.out.println("[bench] dispatch latency: " + LATENCY_SAMPLES + " new assets, each starting a run of an asset_new workflow ...");
            WorkflowId triggered = new WorkflowId(UUID.randomUUID().toString());
            commands.sendAndWait(new CreateWorkflowCommand(triggered, TENANT, "on new asset", null,
                    List.of(step("first", Map.of())), Map.of(), List.of(WorkflowTrigger.on("asset_new", Map.of())), true));
            Thread.sleep(2000); // the trigger table is kept by a subscribing handler; the enabling must precede the assets
            Histogram latency = new Histogram(3);
            for (int i = 0; i < LATENCY_SAMPLES; i++) latency.recordValue(Math.max(1, dispatchLatencyMicros(commands, jdbc, triggered)));

            System.out.println("[bench] throughput: " + RUNS + " runs of a " + NODES + "-node no-op DAG started by " + CLIENTS + " clients ...");
            WorkflowId dag = new WorkflowId(UUID.randomUUID().toString());
            List<StepSpec> steps = new ArrayList<>();
            steps.add(step("root", Map.of()));
            Map<String, String> join = new HashMap<>();
            for (int b = 1; b <= NODES - 2; b++) {
                steps.add(step("b" + b, Map.of("in", "root.out")));
                join.put("in" + b, "b" + b + ".out");
            }
            steps.add(step("join", join));
            commands.sendAndWait(new CreateWorkflowCommand(dag, TENANT, "ten no-ops", null, steps, Map.of(), List.of(), true));
            long startedAt = System.currentTimeMillis();
            long start = System.nanoTime();
            int perClient = (RUNS + CLIENTS - 1) / CLIENTS;
            parallel(CLIENTS, client -> {
                for (int i = 0; i < perClient && client * perClient + i < RUNS; i++) {
                    commands.sendAndWait(new StartWorkflowRunCommand(dag, TENANT, new WorkflowRunId(UUID.randomUUID().toString()), null,
                            Map.of(), RunTrigger.manual("bench")));
                }
            });
            double submitSeconds = seconds(start);
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            long succeeded;
            long lastReport = System.nanoTime();
            while ((succeeded = count(jdbc, dag, "WorkflowRunSucceededEvent")) + count(jdbc, dag, "WorkflowRunFailedEvent") < RUNS) {
                if (System.nanoTime() > deadline) break;
                if (System.nanoTime() - lastReport > Duration.ofSeconds(30).toNanos()) {
                    System.out.println("[bench]   " + succeeded + " of " + RUNS + " runs succeeded after " + Math.round(seconds(start)) + " s");
                    lastReport = System.nanoTime();
                }
                Thread.sleep(200);
            }
            long failed = count(jdbc, dag, "WorkflowRunFailedEvent");
            long nodeStarts = count(jdbc, dag, "NodeExecutionStartedEvent");
            long lastSucceeded = lastTimestamp(jdbc, dag, "WorkflowRunSucceededEvent").map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
            double runSeconds = Math.max(0.001, (lastSucceeded - startedAt) / 1000.0);

            BenchReport report = new BenchReport("workflow");
            report.line(String.format(Locale.ROOT, "Fleetloop workflow benchmark: %d runs x %d no-op nodes, %d latency samples, %d raw rows,"
                    + " %d cores, load average (/proc/loadavg) at the start %s, at the end %s", RUNS, NODES, LATENCY_SAMPLES, RAW_ROWS,
                    Runtime.getRuntime().availableProcessors(), loadAtStart, loadAverage()));
            report.line("(servers, platform and clients share this one machine; the raw baseline is measured in the same run;"
                    + " node jobs run on the platform's job queue with its configured threads)");
            report.row("raw PostgreSQL INSERT+COMMIT, " + CLIENTS + " clients", perSecond(raw8, "rows/s"), "");
            report.row("dispatch latency asset_new -> first node running", String.format(Locale.ROOT, "p50 %.1f ms  p99 %.1f ms",
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0),
                    String.format(Locale.ROOT, "max %.1f ms over %d samples", latency.getMaxValue() / 1000.0, latency.getTotalCount()));
            report.row("runs started (StartWorkflowRunCommand, " + CLIENTS + " clients)", perSecond(RUNS / submitSeconds, "runs/s"),
                    String.format(Locale.ROOT, "%.1f s to submit", submitSeconds));
            report.row("runs completed", perSecond(succeeded / runSeconds, "runs/s"),
                    String.format(Locale.ROOT, "%d succeeded, %d failed of %d in %.1f s", succeeded, failed, RUNS, runSeconds));
            double dispatches = nodeStarts / runSeconds;
            report.row("node dispatches (NodeExecutionStarted)", perSecond(dispatches, "nodes/s"),
                    String.format(Locale.ROOT, "%.3fx raw insert rows/s (each node is ~6 commands, 2 jobs rows, 3 usage rows)", dispatches / raw8));
            boolean complete = succeeded == RUNS && failed == 0;
            boolean once = nodeStarts == (long) RUNS * NODES;
            report.row("runs succeeded / node starts", succeeded + " / " + nodeStarts,
                    (complete ? "all runs succeeded" : "NOT ALL RUNS SUCCEEDED") + ", " + (once ? "each node started once" : "NODE STARTS != runs x nodes"));
            report.write();
            return complete && once ? 0 : 2;
        }
    }

    private static StepSpec step(String nodeId, Map<String, String> inputs) {
        return new StepSpec(nodeId, "builtin:noop", null, inputs, null, Map.of(), null, null, null);
    }

    /** Registers a new asset and waits for the run its event starts to start its first node; micros between the two events. */
    private static long dispatchLatencyMicros(CommandGateway commands, JdbcClient jdbc, WorkflowId workflow) throws InterruptedException {
        String sha256 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        AssetId assetId = AssetId.contentAddressed(TENANT, sha256);
        commands.sendAndWait(new RegisterAssetCommand(assetId, TENANT, new DataSourceId("bench-source"), new IngestionTaskId("bench-task"),
                "s3://fleetloop/tenants/bench/" + UUID.randomUUID(), 1024, sha256, Modality.LIDAR, Instant.now()));
        var registered = jdbc.sql("select event_identifier, time_stamp from domain_event_entry where aggregate_identifier = ? and payload_type like ?")
                .params(assetId.value(), "%MetadataRegisteredEvent").query((rs, n) -> Map.entry(rs.getString(1), Instant.parse(rs.getString(2))))
                .optional().orElseThrow(() -> new IllegalStateException("no MetadataRegisteredEvent for " + assetId.value()));
        String runId = UUID.nameUUIDFromBytes(("event:" + workflow.value() + ":" + registered.getKey()).getBytes(StandardCharsets.UTF_8)).toString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> started = jdbc.sql("select time_stamp from domain_event_entry where aggregate_identifier = ? and payload_type like ?")
                    .params(runId, "%NodeExecutionStartedEvent").query((rs, n) -> Instant.parse(rs.getString(1))).list().stream()
                    .min(Instant::compareTo);
            if (started.isPresent()) return Duration.between(registered.getValue(), started.get()).toNanos() / 1000;
            Thread.sleep(5);
        }
        throw new IllegalStateException("run " + runId + " of the new asset " + assetId.value() + " started no node within 2 minutes");
    }

    /** Events of a type of every run of the workflow, from the event store (the run's events carry the workflow id). */
    private static long count(JdbcClient jdbc, WorkflowId workflow, String type) {
        return jdbc.sql("select count(*) from domain_event_entry e join workflow_run_view r on r.run_id = e.aggregate_identifier"
                        + " where r.workflow_id = ? and e.payload_type like ?")
                .params(workflow.value(), "%." + type).query(Long.class).single();
    }

    private static Optional<Instant> lastTimestamp(JdbcClient jdbc, WorkflowId workflow, String type) {
        // time stamps are ISO strings of varying length: compared as instants, not as text
        return jdbc.sql("select e.time_stamp from domain_event_entry e join workflow_run_view r on r.run_id = e.aggregate_identifier"
                        + " where r.workflow_id = ? and e.payload_type like ?")
                .params(workflow.value(), "%." + type).query((rs, n) -> Instant.parse(rs.getString(1))).list().stream().max(Instant::compareTo);
    }

    private static String perSecond(double value, String unit) {
        return String.format(Locale.ROOT, "%,.1f %s", value, unit);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
