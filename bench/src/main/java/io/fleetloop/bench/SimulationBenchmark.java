package io.fleetloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioParams;
import io.fleetloop.api.simulation.ScenarioType;
import io.fleetloop.command.metering.MeteringProperties;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.workers.annotation.labeling.Box3D;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.Overlap;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.Result;
import io.fleetloop.workers.annotation.labeling.LidarBoxLabeler;
import io.fleetloop.workers.annotation.labeling.PointCloud;
import io.fleetloop.workers.simulation.engine.SimulationEngine;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Simulation per scenario type, on this machine, in one run:
 * <ol>
 *   <li><b>raw baseline, engine only</b> (no platform, nothing written): items/s on one thread and on all cores
 *       (simulate 8 s at 10 Hz, render trajectories, CAN, a 32×1024-ray LiDAR frame and its ground truth), CPU seconds
 *       per item and the cost per item at the platform's price list ({@link MeteringProperties} defaults:
 *       {@code simulation-cpu-seconds} per core-second + {@code simulation-items} per item), items/day extrapolated;
 *       and the built-in LiDAR labeler scored against the simulated ground truth (BEV IoU ≥ 0.5, class-aware; boxes
 *       with fewer than 10 points ignored);</li>
 *   <li><b>the full job</b> through the platform's public API on real servers (PostgreSQL, Elasticsearch, MinIO,
 *       Kafka): {@code POST /v1/simulation-scenarios}, {@code POST /v1/simulation-tasks} of {@code bench.jobItems}
 *       items, polled until {@code COMPLETED} — the worker job writes 4 objects per item to the object store and
 *       records each item with a command; the catalog registers the outputs. Items/s (from the task's creation to its
 *       completion), platform-JVM CPU seconds per item (the whole JVM: job, commands, projections, catalog
 *       registration; the servers' CPU is not counted), the engine's CPU per item as the task meters it, and the cost
 *       per item as the platform bills it (the cost dashboard's SIM row of the tenant);</li>
 *   <li><b>all cores</b>: one task per scenario type at once; items/s of the whole machine → items/day.</li>
 * </ol>
 * Checks (exit 2 otherwise): every task COMPLETED; billed cost ≤ 0.05 per item; ≥ 5,000 items/day per task (seed) and
 * ≥ 100,000 items/day with all tasks at once (issue goal). Report: printed and {@code bench/target/simulation.txt}.
 * Run: {@code bench/run.sh simulation [-Dbench.items=100] [-Dbench.jobItems=40] [-Dbench.seed=1]}
 */
public final class SimulationBenchmark {

    private static final int ITEMS = Integer.getInteger("bench.items", 100);
    private static final int JOB_ITEMS = Integer.getInteger("bench.jobItems", 40);
    private static final long SEED = Long.getLong("bench.seed", 1);
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(20);
    private static final BigDecimal CPU_PRICE = price("simulation-cpu-seconds");
    private static final BigDecimal ITEM_PRICE = price("simulation-items");

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("simulation", Duration.ofMinutes(50), () -> {
            BenchReport report = new BenchReport("simulation");
            boolean engineOk = engineOnly(report);
            System.out.println("[bench] starting the servers and the platform ...");
            try (LocalInfra infra = PlatformRun.startInfra("simulation"); PlatformRun platform = PlatformRun.start(infra)) {
                boolean jobsOk = fullJobs(platform, report);
                report.write();
                return engineOk && jobsOk ? 0 : 2;
            }
        });
    }

    private static BigDecimal price(String resource) {
        return new MeteringProperties(null).defaultPrices().stream().filter(p -> p.resource().equals(resource)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no price for " + resource)).unitPrice();
    }

    static Map<String, ParamRange> params(ScenarioType type) {
        boolean agv = type == ScenarioType.AGV_AISLE_CROSSING;
        boolean walkers = agv || type == ScenarioType.PEDESTRIAN_CROSSING;
        return Map.of(
                ScenarioParams.EGO_SPEED, agv ? new ParamRange(1.0, 2.0, "m/s") : new ParamRange(10.0, 16.0, "m/s"),
                ScenarioParams.ACTOR_SPEED, walkers ? new ParamRange(1.0, 1.6, "m/s") : new ParamRange(6.0, 12.0, "m/s"),
                ScenarioParams.GAP, agv ? new ParamRange(6.0, 12.0, "m") : new ParamRange(15.0, 35.0, "m"),
                ScenarioParams.ACTOR_COUNT, new ParamRange(1.0, 4.0, "count"),
                ScenarioParams.LIDAR_NOISE, new ParamRange(0.01, 0.03, "m"),
                ScenarioParams.RAIN_RATE, new ParamRange(0.0, 10.0, "mm/h"),
                ScenarioParams.DURATION, new ParamRange(8.0, 8.0, "s"),
                ScenarioParams.SAMPLE_RATE, new ParamRange(10.0, 10.0, "Hz"));
    }

    private static boolean engineOnly(BenchReport report) throws Exception {
        SimulationEngine engine = new SimulationEngine();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int k = 0; k < 20; k++) engine.generate(ScenarioType.CUT_IN, params(ScenarioType.CUT_IN), -1, k); // warm-up
        LidarBoxLabeler labeler = new LidarBoxLabeler();
        boolean ok = true;
        report.line(String.format(Locale.ROOT, "Fleetloop simulation benchmark: %d cores, max heap %d MiB, load average at the start %s",
                cores, Runtime.getRuntime().maxMemory() >> 20, PlatformRun.loadAverage()));
        report.line(String.format(Locale.ROOT, "price list (platform defaults): simulation-cpu-seconds %s per core-second, simulation-items %s per item",
                CPU_PRICE.toPlainString(), ITEM_PRICE.toPlainString()));
        report.line("");
        report.line(String.format(Locale.ROOT, "1) raw baseline: the engine alone, nothing written; %d items per scenario type, seed %d", ITEMS, SEED));
        report.line(String.format(Locale.ROOT, "%-22s %9s %9s %9s %11s %12s %10s %7s %7s %7s", "scenario", "items/s", "items/s", "cpu s", "cost/item",
                "items/day", "points", "GT box", "prec.", "recall"));
        report.line(String.format(Locale.ROOT, "%-22s %9s %9s %9s %11s %12s %10s %7s %7s %7s", "", "1 thread", "all cores", "per item", "",
                "all cores", "per item", "/item", "BEV.5", "BEV.5"));
        for (ScenarioType type : ScenarioType.values()) {
            Map<String, ParamRange> params = params(type);
            long cpuStart = threads.getCurrentThreadCpuTime(), wallStart = System.nanoTime();
            long points = 0, truthBoxes = 0;
            Result bev = Result.empty(Overlap.BEV, 0.5, true);
            List<SimulationEngine.Item> items = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) items.add(engine.generate(type, params, SEED, i));
            double cpuPerItem = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 / ITEMS;
            double singleRate = ITEMS / ((System.nanoTime() - wallStart) / 1e9);
            rawSingleRate.put(type, singleRate);
            for (SimulationEngine.Item item : items) {
                points += item.pointCount();
                List<Box3D> truth = new ArrayList<>(), ignored = new ArrayList<>();
                for (SimulationEngine.GroundTruthBox b : item.groundTruth()) {
                    Box3D box = new Box3D(b.x(), b.y(), b.z(), b.length(), b.width(), b.height(), b.yaw(), b.category(), 1);
                    (b.pointCount() >= 10 ? truth : ignored).add(box);
                }
                truthBoxes += truth.size();
                List<Box3D> predicted = labeler.label(PointCloud.readKittiBin(new ByteArrayInputStream(item.lidarBin())));
                bev = bev.plus(LabelerEvaluation.evaluate(predicted, truth, ignored, Overlap.BEV, 0.5, true));
            }
            ExecutorService pool = Executors.newFixedThreadPool(cores);
            long parallelStart = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                int index = ITEMS + i;
                futures.add(pool.submit(() -> engine.generate(type, params, SEED, index)));
            }
            for (Future<?> f : futures) f.get();
            double parallelRate = ITEMS / ((System.nanoTime() - parallelStart) / 1e9);
            pool.shutdown();
            BigDecimal cost = CPU_PRICE.multiply(BigDecimal.valueOf(cpuPerItem)).add(ITEM_PRICE);
            double perDay = parallelRate * 86_400;
            report.line(String.format(Locale.ROOT, "%-22s %9.1f %9.1f %9.4f %11.6f %12.0f %10d %7.2f %7.3f %7.3f", type, singleRate, parallelRate,
                    cpuPerItem, cost, perDay, points / ITEMS, (double) truthBoxes / ITEMS, bev.precision(), bev.recall()));
            if (perDay < 100_000 || cost.compareTo(new BigDecimal("0.05")) > 0) {
                report.line("  CHECK FAILED: goal >= 100000 items/day and <= 0.05 per item");
                ok = false;
            }
        }
        System.out.println("[bench] engine-only baseline done");
        return ok;
    }

    /** One task's run through the platform. */
    record TaskRun(ScenarioType type, String tenant, String taskId, int items, String status, double seconds, double engineCpuSeconds,
                   double processCpuSeconds, double cataloguedSeconds) {

        double perSecond() {
            return items / seconds;
        }
    }

    private static Map<String, Object> restParams(ScenarioType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        params(type).forEach((name, r) -> body.put(name, Map.of("min", r.min(), "max", r.max(), "unit", r.unit())));
        return body;
    }

    private static String startTask(PlatformRun.Rest rest, ScenarioType type) throws Exception {
        String scenarioId = rest.post("/v1/simulation-scenarios", Map.of("name", "bench " + type, "scenarioType", type.name(),
                "scenarioParams", restParams(type)), 201).path("scenarioId").asText();
        return rest.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", JOB_ITEMS, "seed", SEED), 202)
                .path("taskId").asText();
    }

    private static JsonNode awaitEnd(PlatformRun.Rest rest, String taskId) throws Exception {
        long deadline = System.nanoTime() + TASK_TIMEOUT.toNanos();
        while (true) {
            JsonNode task = rest.getIfFound("/v1/simulation-tasks/" + taskId);
            String status = task == null ? "" : task.path("status").asText();
            if (List.of("COMPLETED", "FAILED", "CANCELLED").contains(status)) return task;
            if (System.nanoTime() > deadline) throw new IllegalStateException("simulation task " + taskId + " not ended within " + TASK_TIMEOUT + ": " + task);
            Thread.sleep(200);
        }
    }

    private static boolean fullJobs(PlatformRun platform, BenchReport report) throws Exception {
        boolean ok = true;
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        // warm-up: one small task, so the first scenario type does not pay for the JIT and the first connections
        PlatformRun.Rest warm = platform.rest("simbench-warm-" + suffix, Role.SIMULATION_ENGINEER.name());
        awaitEnd(warm, startTask(warm, ScenarioType.CUT_IN));

        List<TaskRun> runs = new ArrayList<>();
        for (ScenarioType type : ScenarioType.values()) {
            String tenant = "simbench-" + type.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + suffix;
            PlatformRun.Rest rest = platform.rest(tenant, Role.SIMULATION_ENGINEER.name());
            System.out.println("[bench] full job: " + type + ", " + JOB_ITEMS + " items ...");
            double cpuStart = PlatformRun.processCpuSeconds();
            long start = System.nanoTime();
            String taskId = startTask(rest, type);
            JsonNode task = awaitEnd(rest, taskId);
            double seconds = BenchSupport.seconds(start);
            double cpu = PlatformRun.processCpuSeconds() - cpuStart;
            // the outputs in the catalog: the registration process and the catalog projection at the head of the store
            platform.awaitCaughtUp(TASK_TIMEOUT, "catalog-registration", "asset-catalog");
            runs.add(new TaskRun(type, tenant, taskId, task.path("itemsDone").asInt(), task.path("status").asText(), seconds,
                    task.path("cpuSeconds").asDouble(), cpu, BenchSupport.seconds(start)));
        }
        System.out.println("[bench] all cores: one task per scenario type at once ...");
        String allTenant = "simbench-all-" + suffix;
        PlatformRun.Rest all = platform.rest(allTenant, Role.SIMULATION_ENGINEER.name());
        double allCpuStart = PlatformRun.processCpuSeconds();
        long allStart = System.nanoTime();
        List<String> allTasks = new ArrayList<>();
        for (ScenarioType type : ScenarioType.values()) allTasks.add(startTask(all, type));
        int allItems = 0;
        List<String> allStatuses = new ArrayList<>();
        for (String taskId : allTasks) {
            JsonNode task = awaitEnd(all, taskId);
            allItems += task.path("itemsDone").asInt();
            allStatuses.add(task.path("status").asText());
        }
        double allSeconds = BenchSupport.seconds(allStart);
        double allCpu = PlatformRun.processCpuSeconds() - allCpuStart;

        platform.awaitCaughtUp(Duration.ofMinutes(10), "billing-ledger");
        String from = Instant.now().minus(Duration.ofDays(1)).toString();
        report.line("");
        report.line(String.format(Locale.ROOT, "2) the full job through the platform (REST, worker job, object store, a command per item, catalog"
                + " registration); %d items per task, one task at a time", JOB_ITEMS));
        report.line(String.format(Locale.ROOT, "%-22s %9s %9s %11s %11s %11s %12s %12s %9s %11s", "scenario", "status", "items/s", "JVM cpu s",
                "engine cpu", "billed", "items/day", "items/day", "job/raw", "in catalog"));
        report.line(String.format(Locale.ROOT, "%-22s %9s %9s %11s %11s %11s %12s %12s %9s %11s", "", "", "1 task", "per item",
                "s per item", "cost/item", "1 task", "2 cores est.", "rate", "after (s)"));
        for (TaskRun run : runs) {
            JsonNode sim = simRow(platform.rest(run.tenant(), Role.SIMULATION_ENGINEER.name()).get("/v1/cost-dashboard?from=" + from));
            double billed = sim == null ? Double.NaN : sim.path("costPerItem").asDouble(Double.NaN);
            double perDay = run.perSecond() * 86_400;
            double cpuPerItem = run.processCpuSeconds() / Math.max(1, run.items());
            // 2 cores busy with this job alone: the JVM's CPU per item bounds it (the servers' CPU is not in it)
            double perDayTwoCores = Math.min(2 * 86_400 / cpuPerItem, 2 * perDay);
            double rawSingle = rawSingleRate.getOrDefault(run.type(), Double.NaN);
            report.line(String.format(Locale.ROOT, "%-22s %9s %9.2f %11.4f %11.4f %11.6f %12.0f %12.0f %9.2f %11.1f", run.type(), run.status(),
                    run.perSecond(), cpuPerItem, run.engineCpuSeconds() / Math.max(1, run.items()), billed, perDay, perDayTwoCores,
                    run.perSecond() / rawSingle, run.cataloguedSeconds()));
            boolean pass = run.status().equals("COMPLETED") && run.items() == JOB_ITEMS && billed <= 0.05 && perDay >= 5_000;
            if (!pass) {
                report.line("  CHECK FAILED: COMPLETED with every item, billed cost <= 0.05 per item, >= 5,000 items/day (seed)");
                ok = false;
            }
        }
        double allPerSecond = allItems / allSeconds;
        report.line("");
        report.line(String.format(Locale.ROOT, "3) all cores: %d tasks (one per scenario type) at once, %d items in %.1f s: %.2f items/s = %,.0f items/day;"
                + " JVM cpu %.4f s per item; statuses %s", allTasks.size(), allItems, allSeconds, allPerSecond, allPerSecond * 86_400,
                allCpu / Math.max(1, allItems), allStatuses));
        JsonNode allSim = simRow(all.get("/v1/cost-dashboard?from=" + from));
        report.line("   billed (cost dashboard SIM row of that tenant): " + (allSim == null ? "missing" : allSim.toString()));
        if (allItems != JOB_ITEMS * allTasks.size() || allPerSecond * 86_400 < 100_000 || allSim == null
                || allSim.path("costPerItem").asDouble(1) > 0.05) {
            report.line("  CHECK FAILED: every task COMPLETED, >= 100,000 items/day (issue goal) and <= 0.05 per item billed");
            ok = false;
        }
        report.line("(servers, platform and bench share this machine with other work; load average at the end " + PlatformRun.loadAverage() + ")");
        return ok;
    }

    private static JsonNode simRow(JsonNode dashboard) {
        for (JsonNode context : dashboard.path("contexts")) if (context.path("context").asText().equals("SIM")) return context;
        return null;
    }

    private static final Map<ScenarioType, Double> rawSingleRate = new java.util.EnumMap<>(ScenarioType.class);
}
