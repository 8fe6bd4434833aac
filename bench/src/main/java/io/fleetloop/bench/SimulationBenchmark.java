package io.fleetloop.bench;

import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioParams;
import io.fleetloop.api.simulation.ScenarioType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The simulation engine per scenario type, on this machine: items/s on one thread and on all cores (what a worker
 * does between object-store writes: simulate 8 s at 10 Hz, render trajectories, CAN, a 32×1024-ray LiDAR frame and
 * its ground truth), CPU seconds per item and the cost per item at the platform's default prices
 * ({@code simulation-cpu-seconds} 0.0001/core-second + {@code simulation-items} 0.001/item), items/day extrapolated;
 * and the built-in LiDAR labeler scored against the simulated ground truth (BEV IoU ≥ 0.5, class-aware; boxes with
 * fewer than 10 points ignored). Checks: ≥ 100,000 items/day and ≤ 0.05 per item.
 * Run: {@code bench/run.sh simulation [-Dbench.items=100] [-Dbench.seed=1]}
 */
public final class SimulationBenchmark {

    private static final int ITEMS = Integer.getInteger("bench.items", 100);
    private static final long SEED = Long.getLong("bench.seed", 1);
    private static final BigDecimal CPU_PRICE = new BigDecimal("0.0001");
    private static final BigDecimal ITEM_PRICE = new BigDecimal("0.001");

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("simulation", Duration.ofMinutes(30), SimulationBenchmark::run);
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

    private static int run() throws Exception {
        SimulationEngine engine = new SimulationEngine();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int k = 0; k < 20; k++) engine.generate(ScenarioType.CUT_IN, params(ScenarioType.CUT_IN), -1, k); // warm-up
        LidarBoxLabeler labeler = new LidarBoxLabeler();
        boolean ok = true;
        System.out.printf(Locale.ROOT, "simulation engine, %d items per scenario type, seed %d, %d cores%n", ITEMS, SEED, cores);
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s %11s %12s %10s %7s %7s %7s%n", "scenario", "items/s", "items/s", "cpu s", "cost/item",
                "items/day", "points", "GT box", "prec.", "recall");
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s %11s %12s %10s %7s %7s %7s%n", "", "1 thread", "all cores", "per item", "",
                "all cores", "per item", "/item", "BEV.5", "BEV.5");
        for (ScenarioType type : ScenarioType.values()) {
            Map<String, ParamRange> params = params(type);
            long cpuStart = threads.getCurrentThreadCpuTime(), wallStart = System.nanoTime();
            long points = 0, truthBoxes = 0;
            Result bev = Result.empty(Overlap.BEV, 0.5, true);
            List<SimulationEngine.Item> items = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) items.add(engine.generate(type, params, SEED, i));
            double cpuPerItem = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 / ITEMS;
            double singleRate = ITEMS / ((System.nanoTime() - wallStart) / 1e9);
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
            System.out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %9.4f %11.6f %12.0f %10d %7.2f %7.3f %7.3f%n", type, singleRate, parallelRate,
                    cpuPerItem, cost, perDay, points / ITEMS, (double) truthBoxes / ITEMS, bev.precision(), bev.recall());
            if (perDay < 100_000 || cost.compareTo(new BigDecimal("0.05")) > 0) {
                System.out.println("  CHECK FAILED: goal >= 100000 items/day and <= 0.05 per item");
                ok = false;
            }
        }
        System.out.println("(engine only: object-store writes and commands per item come on top in the platform; see docs/simulation.md)");
        return ok ? 0 : 2;
    }
}
