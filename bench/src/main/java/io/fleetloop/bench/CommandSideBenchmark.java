package io.fleetloop.bench;

import static io.fleetloop.bench.BenchSupport.machineBusyMillis;
import static io.fleetloop.bench.BenchSupport.parallel;
import static io.fleetloop.bench.BenchSupport.pgTransactions;
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
import io.fleetloop.query.admin.ProcessorPositions;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Command side against the raw database, measured in one run on the same servers:
 * <ol>
 *   <li>raw PostgreSQL INSERT+COMMIT of an event-sized row, 1 and 8 clients (the ceiling);</li>
 *   <li>Fleetloop commands that each append one event (RegisterAsset of a new asset), 1 and 8 clients,
 *       events/s and latency percentiles: first on a command node alone ({@code fleetloop.roles=api}, as in the
 *       production topology where projections run on other nodes), then on one process with every role (its
 *       projections, sagas and publishers handling the same events at the same time; each phase starts once every
 *       processor has handled the earlier events, and its CPU per command is also given up to the moment every
 *       processor has handled its own);</li>
 *   <li>projection replay: the asset catalog (PostgreSQL) and the asset search index (Elasticsearch) projections, each
 *       reset and rebuilt from the whole event store, events/s.</li>
 * </ol>
 * Checks (the benchmark fails when one does not hold): the catalog lists every registered asset once, before and after
 * its replay. A replay has ended when every segment's token is at the head of the store ({@link ProcessorPositions}).
 * <p>
 * Run: {@code bench/run.sh command-side [-Dbench.commands=4000] [-Dbench.rows=4000] [-Dbench.replayEvents=100000]
 * [-Dbench.warmUp=5000] [-Dbench.untilCompiled=true [-Dbench.untilCompiledJitShare=0.05] [-Dbench.untilCompiledMax=60000]]
 * [-Dbench.nodeOnly=true] (the command node's phase only, for a profile)
 * [-Dbench.timeout=PT40M]}; the report
 * is printed and written to {@code bench/target/command-side.txt}.
 */
public final class CommandSideBenchmark {

    private static final int COMMANDS = Integer.getInteger("bench.commands", 4000);
    private static final int RAW_ROWS = Integer.getInteger("bench.rows", 4000);
    /**
     * Commands sent before each measured phase, so the JIT has compiled the command path: after 300 (the earlier
     * default) a command node measured 0.11-0.13x raw, after 20,000 0.24-0.28x (docs/performance.md).
     */
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 5000);
    /**
     * With {@code -Dbench.untilCompiled=true}, after the warm-up more commands go in chunks until the JIT compilers of every
     * JVM of the run (this one, Elasticsearch, Kafka) take less than {@code bench.untilCompiledJitShare} of the machine's CPU
     * in a chunk (default 0.05), for at most {@code bench.untilCompiledMax}: the phases then measure code that is
     * compiled, as on a node that has run for a while, instead of four JVMs compiling it (a third of the CPU otherwise).
     */
    private static final boolean UNTIL_COMPILED = Boolean.getBoolean("bench.untilCompiled");
    private static final double COMPILED_JIT_SHARE = Double.parseDouble(System.getProperty("bench.untilCompiledJitShare", "0.05"));
    private static final int UNTIL_COMPILED_MAX = Integer.getInteger("bench.untilCompiledMax", 60_000);
    private static final int UNTIL_COMPILED_CHUNK = 2_000;
    /** Events appended straight through the EventStore before the replay, so the replay reads a stream of real length. */
    private static final int REPLAY_EVENTS = Integer.getInteger("bench.replayEvents", 100_000);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

    private CommandSideBenchmark() {
    }

    public static void main(String[] args) {
        // FleetloopApplication.main does this; the bench starts the app without it.
        System.setProperty("axoniq.update-checker.disabled", "true");
        BenchSupport.runAndExit("command-side", Duration.ofMinutes(40), () -> {
            try (LocalInfra infra = PlatformRun.startInfra("command-side")) {
                return run(infra);
            }
        });
    }

    private static int run(LocalInfra infra) throws Exception {
        Map<String, Object> settings = new HashMap<>();

        String loadAtStart = loadAverage();
        System.out.println("[bench] raw PostgreSQL INSERT+COMMIT baseline ...");
        long cpu = machineBusyMillis();
        double raw1 = rawInserts(infra, 1, RAW_ROWS);
        double rawCpu1 = (machineBusyMillis() - cpu) / (double) RAW_ROWS;
        cpu = machineBusyMillis();
        double raw8 = rawInserts(infra, 8, RAW_ROWS);
        double rawCpu8 = (machineBusyMillis() - cpu) / (double) RAW_ROWS;

        // A command node of the production topology: REST and command handling only (fleetloop.roles=api), the
        // projections, sagas and publishers on other nodes. The main run's processors catch up on its events later.
        System.out.println("[bench] a command node alone (fleetloop.roles=api): " + WARM_UP + " warm-up commands, then "
                + COMMANDS + " commands at 1 and at 8 clients ...");
        Result node1;
        Result node8;
        Compiled nodeCompiled;
        double nodeTx1;
        double nodeTx8;
        try (PlatformRun node = PlatformRun.start(infra, Map.of("fleetloop.roles", "api"))) {
            CommandGateway commands = node.context.getBean(CommandGateway.class);
            for (int i = 0; i < WARM_UP; i++) commands.sendAndWait(register());
            nodeCompiled = untilCompiled(commands, () -> { });
            node1 = commands(infra, commands, 1);
            nodeTx1 = transactionsPerCommand(infra, node1);
            node8 = commands(infra, commands, 8);
            nodeTx8 = transactionsPerCommand(infra, node8);
        }
        long registeredOnNode = WARM_UP + nodeCompiled.commands() + node1.commands + node8.commands;
        if (Boolean.getBoolean("bench.nodeOnly")) {
            // For profiling the command path alone (-XX:StartFlightRecording): no platform run, no replay.
            System.out.printf(Locale.ROOT, "[bench] raw 1 / 8 clients %.0f / %.0f rows/s; command node alone 1 client %.0f events/s"
                            + " (%.2fx, p50 %.2f ms, p99 %.2f ms), 8 clients %.0f events/s (%.2fx, p50 %.2f ms, p99 %.2f ms);"
                            + " machine CPU per command 1 / 8 clients %.2f / %.2f ms (per raw row %.2f / %.2f ms);"
                            + " PostgreSQL transactions per command %.1f / %.1f; until compiled: %s%n",
                    raw1, raw8, node1.perSecond, node1.perSecond / raw1, node1.p50, node1.p99, node8.perSecond, node8.perSecond / raw8,
                    node8.p50, node8.p99, node1.cpuMs, node8.cpuMs, rawCpu1, rawCpu8, nodeTx1, nodeTx8, nodeCompiled);
            return 0;
        }

        System.out.println("[bench] starting the platform ...");
        try (PlatformRun run = PlatformRun.start(infra, settings)) {
            ConfigurableApplicationContext platform = run.context;
            CommandGateway commands = platform.getBean(CommandGateway.class);
            ProcessorPositions positions = platform.getBean(ProcessorPositions.class);
            JdbcClient jdbc = platform.getBean(JdbcClient.class);

            System.out.println("[bench] " + WARM_UP + " warm-up commands, then " + COMMANDS + " commands at 1 and at 8 clients ...");
            for (int i = 0; i < WARM_UP; i++) commands.sendAndWait(register());
            // The command node's and the warm-up's events are handled first: their catch-up would otherwise run during
            // (and be charged to) the 1-client phase.
            List<String> processors = List.copyOf(positions.all().keySet());
            awaitCaughtUp(positions, processors, 20, () -> { });
            Compiled compiled = untilCompiled(commands, () -> awaitCaughtUp(positions, processors, 20, () -> { }));
            Map<String, Double> cpu1;
            Handled cmd1;
            try (CpuShares shares = new CpuShares(CommandSideBenchmark::threadGroup)) {
                cmd1 = handled(infra, commands(infra, commands, 1), positions, processors);
                cpu1 = shares.seconds();
            }
            Handled cmd8 = handled(infra, commands(infra, commands, 8), positions, processors);
            long registered = registeredOnNode + WARM_UP + compiled.commands() + cmd1.sent().commands + cmd8.sent().commands;
            registered += preload(platform.getBean(EventStore.class), REPLAY_EVENTS);

            System.out.println("[bench] replaying asset-catalog (PostgreSQL) and asset-search (Elasticsearch) ...");
            Replay catalog = replay(platform, positions, "asset-catalog");
            long listedAfterReplay = assetRows(jdbc);
            Replay search = replay(platform, positions, "asset-search");

            BenchReport report = new BenchReport("command-side");
            report.line(String.format(Locale.ROOT, "Fleetloop command-side benchmark: %d commands per client count, %d raw rows, %d cores,"
                    + " load average (/proc/loadavg) at the start %s, at the end %s", COMMANDS, RAW_ROWS,
                    Runtime.getRuntime().availableProcessors(), loadAtStart, loadAverage()));
            report.line("(servers, platform and clients share this one machine; the raw baseline is measured in the same run)");
            report.line(UNTIL_COMPILED
                    ? String.format(Locale.ROOT, "warm-up: %d commands, then until the JIT compilers took < %.0f %% of the machine's CPU"
                            + " (node alone: %s; every role: %s)", WARM_UP, COMPILED_JIT_SHARE * 100, nodeCompiled, compiled)
                    : "warm-up: " + WARM_UP + " commands before each part (-Dbench.untilCompiled=true: until the JIT compilers are done)");
            report.row("raw PostgreSQL INSERT+COMMIT, 1 client", perSecond(raw1, "rows/s"), "");
            report.row("raw PostgreSQL INSERT+COMMIT, 8 clients", perSecond(raw8, "rows/s"), "");
            report.row("RegisterAsset commands (1 event each), 1 client", perSecond(cmd1.sent().perSecond, "events/s"),
                    String.format(Locale.ROOT, "%.2fx raw (goal >= 0.3x)  p50 %.1f ms  p99 %.1f ms", cmd1.sent().perSecond / raw1, cmd1.sent().p50,
                            cmd1.sent().p99));
            report.row("RegisterAsset commands (1 event each), 8 clients", perSecond(cmd8.sent().perSecond, "events/s"),
                    String.format(Locale.ROOT, "%.2fx raw (goal >= 0.5x)  p50 %.1f ms  p99 %.1f ms", cmd8.sent().perSecond / raw8, cmd8.sent().p50,
                            cmd8.sent().p99));
            report.row("p99 command latency, 8 clients", String.format(Locale.ROOT, "%.1f ms", cmd8.sent().p99), "goal < 50 ms");
            report.row("command node alone (roles=api), 1 client", perSecond(node1.perSecond, "events/s"),
                    String.format(Locale.ROOT, "%.2fx raw  p50 %.1f ms  p99 %.1f ms", node1.perSecond / raw1, node1.p50, node1.p99));
            report.row("command node alone (roles=api), 8 clients", perSecond(node8.perSecond, "events/s"),
                    String.format(Locale.ROOT, "%.2fx raw  p50 %.1f ms  p99 %.1f ms", node8.perSecond / raw8, node8.p50, node8.p99));
            report.row("machine CPU per raw row, 1 / 8 clients (/proc/stat, every process)", String.format(Locale.ROOT, "%.2f / %.2f ms",
                    rawCpu1, rawCpu8), "");
            report.row("machine CPU per command, node alone, 1 / 8 clients", String.format(Locale.ROOT, "%.2f / %.2f ms", node1.cpuMs,
                    node8.cpuMs), "");
            report.row("machine CPU per command, all roles, 1 / 8 clients", String.format(Locale.ROOT, "%.2f / %.2f ms", cmd1.sent().cpuMs,
                    cmd8.sent().cpuMs), "while the commands ran (the processors handle the events meanwhile)");
            report.row("machine CPU per command, all roles, until every processor handled its event", String.format(Locale.ROOT,
                    "%.2f / %.2f ms", cmd1.cpuMs(), cmd8.cpuMs()), String.format(Locale.ROOT,
                    "the processors caught up %.1f / %.1f s after the last command", cmd1.catchUpSeconds(), cmd8.catchUpSeconds()));
            report.row("PostgreSQL transactions per command, node alone / all roles (every processor's), 1 client",
                    String.format(Locale.ROOT, "%.1f / %.1f", nodeTx1, cmd1.transactions()), "a raw row is 1 (pg_stat_database; close, not exact)");
            report.row("PostgreSQL transactions per command, node alone / all roles (every processor's), 8 clients",
                    String.format(Locale.ROOT, "%.1f / %.1f", nodeTx8, cmd8.transactions()), "");
            report.line("  where that CPU went at 1 client, CPU seconds (this JVM's threads by kind, the servers):");
            report.line("    " + cpu1.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining(", ")));
            report.row("replay asset-catalog (PostgreSQL), " + catalog.events + " events", perSecond(catalog.perSecond, "events/s"),
                    String.format(Locale.ROOT, "%.1f s (first batch after %.2f s); goal >= 50,000 events/s", catalog.seconds, catalog.toFirstBatch));
            report.row("replay asset-search (Elasticsearch), " + search.events + " events", perSecond(search.perSecond, "events/s"),
                    String.format(Locale.ROOT, "%.1f s (first batch after %.2f s)", search.seconds, search.toFirstBatch));
            boolean countsAgree = catalog.listedBefore == registered && listedAfterReplay == registered;
            report.row("assets registered / catalog before replay / after replay",
                    registered + " / " + catalog.listedBefore + " / " + listedAfterReplay, countsAgree ? "agree" : "MISMATCH");
            report.write();
            return countsAgree ? 0 : 2;
        }
    }

    /**
     * {@code cpuMs}: the machine's busy CPU during the phase ({@link BenchSupport#machineBusyMillis}) per command;
     * {@code cpuAtStart}: that counter when the phase began.
     */
    record Result(int commands, double perSecond, double p50, double p99, double cpuMs, long cpuAtStart, long transactionsAtStart) {
    }

    record Replay(long events, double seconds, double perSecond, long listedBefore, double toFirstBatch) {
    }

    /** What {@link #untilCompiled} sent, and the JIT compilers' share of the machine's CPU in its first and last chunk. */
    record Compiled(int commands, double firstJitShare, double lastJitShare) {
        @Override
        public String toString() {
            return commands == 0 ? "not run" : String.format(Locale.ROOT, "%d more commands, JIT share %.0f %% -> %.0f %%%s", commands,
                    firstJitShare * 100, lastJitShare * 100, lastJitShare >= COMPILED_JIT_SHARE ? " (stopped at bench.untilCompiledMax)" : "");
        }
    }

    /** A step that may wait (for the processors to catch up). */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * With {@link #UNTIL_COMPILED}: chunks of commands at 8 clients, each followed by {@code afterChunk} (the processors'
     * catch-up, so their compilation is in the chunk too), until the JIT compilers of this JVM and its child servers
     * took less than {@link #COMPILED_JIT_SHARE} of the machine's busy CPU in a chunk.
     */
    private static Compiled untilCompiled(CommandGateway commands, Step afterChunk) throws Exception {
        if (!UNTIL_COMPILED) return new Compiled(0, 0, 0);
        int sent = 0;
        double first = -1;
        double share = 1;
        while (sent < UNTIL_COMPILED_MAX && share >= COMPILED_JIT_SHARE) {
            long jit = allJitMillis();
            long cpu = machineBusyMillis();
            int perClient = UNTIL_COMPILED_CHUNK / 8;
            parallel(8, client -> {
                for (int i = 0; i < perClient; i++) commands.sendAndWait(register());
            });
            afterChunk.run();
            sent += perClient * 8;
            share = (allJitMillis() - jit) / (double) Math.max(1, machineBusyMillis() - cpu);
            if (first < 0) first = share;
            System.out.printf(Locale.ROOT, "[bench] until compiled: %d commands more, JIT %.1f %% of the machine's CPU in the last %d%n",
                    sent, share * 100, perClient * 8);
        }
        return new Compiled(sent, first, share);
    }

    /** The JIT compiler threads' CPU of this JVM and of every server it started ({@link BenchSupport#vmThreadMillis}). */
    private static long allJitMillis() {
        long total = Math.max(0, BenchSupport.vmThreadMillis(ProcessHandle.current().pid())[0]);
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            total += Math.max(0, BenchSupport.vmThreadMillis(child.pid())[0]);
        }
        return total;
    }

    /**
     * A phase of commands with every role in the process, and what it cost until every processor had handled its
     * events: the machine's busy CPU from the phase's start to then, per command, and how long after the last command
     * the processors caught up.
     */
    record Handled(Result sent, double cpuMs, double catchUpSeconds, double transactions) {
    }

    private static Handled handled(LocalInfra infra, Result sent, ProcessorPositions positions, List<String> processors)
            throws InterruptedException {
        long start = System.nanoTime();
        awaitCaughtUp(positions, processors, 20, () -> { });
        long cpu = machineBusyMillis();
        double catchUp = seconds(start);
        return new Handled(sent, (cpu - sent.cpuAtStart()) / (double) sent.commands(), catchUp,
                transactionsPerCommand(infra, sent));
    }

    /** PostgreSQL transactions per command from the phase's start until now, after the servers' counts are reported. */
    private static double transactionsPerCommand(LocalInfra infra, Result sent) throws InterruptedException {
        Thread.sleep(1_500);
        return (pgTransactions(infra) - sent.transactionsAtStart()) / (double) sent.commands();
    }

    private static Result commands(LocalInfra infra, CommandGateway commands, int clients) throws Exception {
        int perClient = COMMANDS / clients;
        // a line to attach a profiler by (the servers' share of a phase is measured, not their profile)
        System.out.println("[bench] " + perClient * clients + " commands at " + clients + (clients == 1 ? " client" : " clients") + " ...");
        Histogram latency = new Histogram(3);
        long transactions = pgTransactions(infra);
        long cpu = machineBusyMillis();
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
        return new Result(perClient * clients, perSecond, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, (machineBusyMillis() - cpu) / (double) (perClient * clients), cpu,
                transactions);
    }

    /**
     * Appends {@code count} asset registrations as the DataAsset aggregate records them (a new aggregate, sequence 0),
     * 1,000 per append, through Axon's EventStore: the replay then has a stream of real length to read.
     */
    private static int preload(EventStore store, int count) {
        if (count <= 0) return 0;
        System.out.println("[bench] appending " + count + " asset registrations for the replay ...");
        long start = System.nanoTime();
        List<EventMessage<?>> batch = new ArrayList<>(1000);
        for (int i = 0; i < count; i++) {
            RegisterAssetCommand c = register();
            batch.add(new GenericDomainEventMessage<>("DataAsset", c.assetId().value(), 0,
                    new MetadataRegisteredEvent(c.assetId(), c.tenantId(), c.sourceId(), c.ingestionTaskId(), c.storagePath(),
                            c.sizeBytes(), c.sha256(), c.modality(), c.ingestedAt(), Map.of("bench", "replay")),
                    MetaData.with("tenantId", c.tenantId())));
            if (batch.size() == 1000 || i == count - 1) {
                store.publish(batch);
                batch.clear();
            }
        }
        System.out.printf(Locale.ROOT, "[bench] appended %d events in %.1f s%n", count, seconds(start));
        return count;
    }

    private static RegisterAssetCommand register() {
        // New content each time; the id is its content address, as ingestion derives it.
        String sha256 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        return new RegisterAssetCommand(AssetId.contentAddressed("bench", sha256), "bench", new DataSourceId("bench-source"),
                new IngestionTaskId("bench-task"), "s3://fleetloop/tenants/bench/" + UUID.randomUUID(), 1024,
                sha256, Modality.LIDAR, Instant.now());
    }

    /**
     * Waits until the processor has caught up, resets it and times the rebuild of its projection from the first event to
     * the head of the store. The count of assets the catalog lists before the reset is returned for the checks.
     */
    private static Replay replay(ConfigurableApplicationContext platform, ProcessorPositions positions, String name) throws Exception {
        StreamingEventProcessor processor = platform.getBean(EventProcessingConfiguration.class)
                .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        // Every processor first: the others' catch-up on the appended events would share the CPU with the replay.
        List<String> all = List.copyOf(positions.all().keySet());
        awaitCaughtUp(positions, all, 20, () -> { });
        long listedBefore = assetRows(platform.getBean(JdbcClient.class));
        long events = platform.getBean(JdbcClient.class).sql("select count(*) from domain_event_entry").query(Long.class).single();
        processor.shutDown();
        processor.resetTokens();
        long start = System.nanoTime();
        processor.start();
        System.out.println("[bench] " + name + ": tokens reset, replaying ...");
        long[] firstProgress = {0};
        awaitCaughtUp(positions, List.of(name), 5, () -> {
            if (firstProgress[0] == 0 && positions.of(name).position().orElse(-1) > 0) firstProgress[0] = System.nanoTime();
        });
        double seconds = seconds(start);
        double toFirst = firstProgress[0] == 0 ? seconds : (firstProgress[0] - start) / 1e9;
        System.out.printf(Locale.ROOT, "[bench] %s: %d events in %.2f s, the first batch done after %.2f s%n", name, events, seconds, toFirst);
        return new Replay(events, seconds, events / seconds, listedBefore, toFirst);
    }

    /**
     * Until every segment's token is at the head of the store: not {@code isReplaying()}, which stays true at the head.
     * {@code eachPoll} runs before every look that finds a processor still behind.
     */
    private static void awaitCaughtUp(ProcessorPositions positions, List<String> processors, long pollMillis, Runnable eachPoll)
            throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!positions.caughtUp(processors)) {
            eachPoll.run();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(processors + " did not reach the head of the event store within " + CATCH_UP_TIMEOUT
                        + ": " + positions.all());
            }
            Thread.sleep(pollMillis);
        }
    }

    /** This JVM's threads by kind for {@link CpuShares}: each tracking processor by name, the rest by what they serve. */
    private static String threadGroup(String name) {
        if (name.startsWith("EventProcessor[")) return "processor " + name.substring("EventProcessor[".length(), Math.max("EventProcessor[".length(), name.lastIndexOf(']')));
        if (name.startsWith("pool-")) return "command clients (the command handling runs on them)";
        if (name.startsWith("EventStore") || name.contains("EmbeddedEventStore")) return "event store producer";
        if (name.startsWith("I/O dispatcher") || name.startsWith("elasticsearch-rest-client")) return "Elasticsearch client I/O";
        if (name.startsWith("kafka-producer")) return "Kafka producer";
        if (name.contains("Compiler")) return "JIT";
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.contains("GC Thread")) return "GC";
        return "other";
    }

    private static long assetRows(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from asset_view").query(Long.class).single();
    }

    private static String perSecond(double value, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", value, unit);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
