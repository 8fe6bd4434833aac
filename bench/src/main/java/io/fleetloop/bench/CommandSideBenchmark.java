package io.fleetloop.bench;

import static io.fleetloop.bench.BenchSupport.parallel;
import static io.fleetloop.bench.BenchSupport.rawInserts;
import static io.fleetloop.bench.BenchSupport.seconds;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.infra.InfraProperties;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Command side against the raw database, measured in one run on the same servers:
 * <ol>
 *   <li>raw PostgreSQL INSERT+COMMIT of an event-sized row, 1 and 8 clients (the ceiling);</li>
 *   <li>Fleetloop commands that each append one event (RegisterAsset of a new asset), 1 and 8 clients,
 *       events/s and latency percentiles;</li>
 *   <li>projection replay: the asset catalog projection reset and rebuilt from the event store, events/s.</li>
 * </ol>
 * Run: {@code ./mvnw -q -DskipTests install && ./mvnw -q -pl bench exec:java [-Dbench.commands=4000]}
 */
public final class CommandSideBenchmark {

    private static final int COMMANDS = Integer.getInteger("bench.commands", 4000);
    private static final int RAW_ROWS = Integer.getInteger("bench.rows", 4000);

    private CommandSideBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalInfra infra = LocalInfra.builder().dataDir(Files.createTempDirectory("fleetloop-bench-"))
                .postgres(true).elasticsearch(true).objectStore(true).kafka(true)
                .postgresDatabase("fleetloop_bench_" + UUID.randomUUID().toString().substring(0, 8), true)
                .fixedPorts(false).start()) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("fleetloop.embedded.enabled", "false");
            properties.put("server.port", "0");
            properties.putAll(InfraProperties.pointingAt(infra));
            properties.put("logging.level.root", "WARN");

            double raw1 = rawInserts(infra, 1, RAW_ROWS);
            double raw8 = rawInserts(infra, 8, RAW_ROWS);

            try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(FleetloopApplication.class)
                    .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new))) {
                CommandGateway commands = platform.getBean(CommandGateway.class);
                warmUp(commands);
                Result cmd1 = commands(commands, 1);
                Result cmd8 = commands(commands, 8);
                ReplayResult replay = replay(platform);

                System.out.println();
                System.out.println("Fleetloop command-side benchmark (" + Runtime.getRuntime().availableProcessors() + " cores)");
                System.out.printf("  raw PostgreSQL INSERT+COMMIT      1 client : %8.0f rows/s%n", raw1);
                System.out.printf("  raw PostgreSQL INSERT+COMMIT      8 clients: %8.0f rows/s%n", raw8);
                System.out.printf("  commands (1 event each)           1 client : %8.0f events/s  p50 %.1f ms  p99 %.1f ms  (%.2f x raw)%n",
                        cmd1.perSecond, cmd1.p50, cmd1.p99, cmd1.perSecond / raw1);
                System.out.printf("  commands (1 event each)           8 clients: %8.0f events/s  p50 %.1f ms  p99 %.1f ms  (%.2f x raw)%n",
                        cmd8.perSecond, cmd8.p50, cmd8.p99, cmd8.perSecond / raw8);
                System.out.printf("  projection replay (asset-catalog) %d events: %8.0f events/s%n", replay.events, replay.perSecond);
            }
        }
        System.exit(0);
    }

    record Result(double perSecond, double p50, double p99) {
    }

    record ReplayResult(long events, double perSecond) {
    }

    private static void warmUp(CommandGateway commands) {
        for (int i = 0; i < 300; i++) commands.sendAndWait(register());
    }

    private static Result commands(CommandGateway commands, int clients) throws Exception {
        int perClient = COMMANDS / clients;
        Histogram latency = new Histogram(3);
        long start = System.nanoTime();
        parallel(clients, client -> {
            Histogram local = new Histogram(3);
            for (int i = 0; i < perClient; i++) {
                long t = System.nanoTime();
                commands.sendAndWait(register());
                local.recordValue((System.nanoTime() - t) / 1000);
            }
            synchronized (latency) {
                latency.add(local);
            }
        });
        double perSecond = perClient * clients / seconds(start);
        return new Result(perSecond, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    }

    private static RegisterAssetCommand register() {
        return new RegisterAssetCommand(new AssetId(UUID.randomUUID().toString()), "bench", new DataSourceId("bench-source"),
                new IngestionTaskId("bench-task"), "s3://fleetloop/tenants/bench/" + UUID.randomUUID(), 1024,
                "0".repeat(64), Modality.LIDAR, Instant.now());
    }

    private static ReplayResult replay(ConfigurableApplicationContext platform) throws Exception {
        EventProcessingConfiguration processing = platform.getBean(EventProcessingConfiguration.class);
        TrackingEventProcessor processor = processing.eventProcessor("asset-catalog", TrackingEventProcessor.class)
                .orElseThrow();
        awaitCaughtUp(processor);
        long events = platform.getBean(EventStore.class).createHeadToken().position().orElse(0);
        processor.shutDown();
        processor.resetTokens();
        long start = System.nanoTime();
        processor.start();
        awaitCaughtUp(processor);
        return new ReplayResult(events, events / seconds(start));
    }

    private static void awaitCaughtUp(TrackingEventProcessor processor) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (!status.isEmpty() && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isReplaying())) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("processor did not catch up in 10 minutes");
    }

}
