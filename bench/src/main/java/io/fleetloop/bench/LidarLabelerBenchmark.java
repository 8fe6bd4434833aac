package io.fleetloop.bench;

import io.fleetloop.workers.annotation.labeling.Box3D;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.CategoryCounts;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.Overlap;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.Result;
import io.fleetloop.workers.annotation.labeling.LidarBoxLabeler;
import io.fleetloop.workers.annotation.labeling.PointCloud;
import io.fleetloop.workers.annotation.labeling.SyntheticScenes;
import io.fleetloop.workers.annotation.labeling.SyntheticScenes.Scene;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in LiDAR pre-labeler on seeded synthetic scenes (simulated 64-beam frames, KITTI {@code .bin}), in one run:
 * <ol>
 *   <li>quality: precision and recall at BEV IoU >= 0.5 and 3D IoU >= 0.5, per category (the category must match)
 *       and overall, class-agnostic recall, mean IoU of the matches, heading error of the cars; objects with fewer
 *       than 10 points are left out, and boxes on them count neither way;</li>
 *   <li>throughput, one thread: parsing the {@code .bin} bytes alone (the baseline: what reading a frame costs
 *       anyway), then parsing and labeling, in points/s and scenes/s.</li>
 * </ol>
 * Run: {@code bench/run.sh lidar-labeler [-Dbench.scenes=200] [-Dbench.seed=1]}
 */
public final class LidarLabelerBenchmark {

    private static final int SCENES = Integer.getInteger("bench.scenes", 200);
    private static final long SEED = Long.getLong("bench.seed", 1);
    private static final int WARM_UP_SCENES = 20;
    private static final int MIN_POINTS = 10;
    private static final double PIPELINE_MIN_CONFIDENCE = 0.3;
    private static final List<String> CATEGORIES = List.of("Car", "Pedestrian", "Cyclist");

    private LidarLabelerBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("lidar-labeler", Duration.ofMinutes(30), LidarLabelerBenchmark::run);
    }

    private static int run() throws IOException {
        LidarBoxLabeler labeler = new LidarBoxLabeler();
        for (int k = 0; k < WARM_UP_SCENES; k++) { // seeds outside the measured ones
            byte[] bin = SyntheticScenes.generate(-1 - k).cloud().toKittiBin();
            labeler.label(PointCloud.readKittiBin(new ByteArrayInputStream(bin)));
        }

        Result bev = Result.empty(Overlap.BEV, 0.5, true), volume = Result.empty(Overlap.VOLUME, 0.5, true);
        Result bevAnyCategory = Result.empty(Overlap.BEV, 0.5, false);
        Result bevConfident = Result.empty(Overlap.BEV, 0.5, true);
        List<Double> carYawErrors = new ArrayList<>();
        long points = 0, bytes = 0, parseNanos = 0, labelNanos = 0, generateNanos = 0;
        int hidden = 0;
        for (int s = 0; s < SCENES; s++) {
            long t0 = System.nanoTime();
            Scene scene = SyntheticScenes.generate(SEED + s);
            byte[] bin = scene.cloud().toKittiBin();
            long t1 = System.nanoTime();
            PointCloud cloud = PointCloud.readKittiBin(new ByteArrayInputStream(bin));
            long t2 = System.nanoTime();
            List<Box3D> boxes = labeler.label(cloud);
            long t3 = System.nanoTime();
            generateNanos += t1 - t0;
            parseNanos += t2 - t1;
            labelNanos += t3 - t2;
            points += cloud.size();
            bytes += bin.length;

            List<Box3D> truth = scene.visibleGroundTruth(MIN_POINTS), ignored = scene.hiddenGroundTruth(MIN_POINTS);
            hidden += ignored.size();
            bev = bev.plus(LabelerEvaluation.evaluate(boxes, truth, ignored, Overlap.BEV, 0.5, true));
            volume = volume.plus(LabelerEvaluation.evaluate(boxes, truth, ignored, Overlap.VOLUME, 0.5, true));
            bevAnyCategory = bevAnyCategory.plus(LabelerEvaluation.evaluate(boxes, truth, ignored, Overlap.BEV, 0.5, false));
            List<Box3D> confident = boxes.stream().filter(box -> box.confidence() >= PIPELINE_MIN_CONFIDENCE).toList();
            bevConfident = bevConfident.plus(LabelerEvaluation.evaluate(confident, truth, ignored, Overlap.BEV, 0.5, true));
            carYawErrors.addAll(carYawErrors(boxes, truth));
        }
        carYawErrors.sort(Double::compare);

        System.out.println();
        System.out.printf("Fleetloop LiDAR pre-labeler benchmark: %d synthetic scenes (seeds %d..%d), %.1f M points, %d objects "
                        + "with >= %d points (%d hidden ones left out)%n", SCENES, SEED, SEED + SCENES - 1, points / 1e6,
                bev.total().groundTruth(), MIN_POINTS, hidden);
        System.out.println();
        System.out.println("  category      objects  boxes |  BEV IoU>=0.5: precision recall mean-IoU |  3D IoU>=0.5: precision recall mean-IoU");
        for (String category : CATEGORIES) row(category, bev.category(category), volume.category(category));
        row("all", bev.total(), volume.total());
        System.out.printf("  any category (a box counts whatever its category): BEV precision %.3f recall %.3f%n",
                bevAnyCategory.precision(), bevAnyCategory.recall());
        System.out.printf("  boxes with confidence >= %.1f (the annotation pipeline's default): BEV precision %.3f recall %.3f%n",
                PIPELINE_MIN_CONFIDENCE, bevConfident.precision(), bevConfident.recall());
        if (!carYawErrors.isEmpty()) {
            System.out.printf("  car heading error (mod 180°) of matched cars: median %.2f°, 90th percentile %.2f°%n",
                    carYawErrors.get(carYawErrors.size() / 2), carYawErrors.get(carYawErrors.size() * 9 / 10));
        }
        System.out.println();
        System.out.printf("  throughput, 1 thread (%d cores), %.0f points per scene:%n",
                Runtime.getRuntime().availableProcessors(), (double) points / SCENES);
        rate("parse .bin only (baseline)", points, bytes, SCENES, parseNanos);
        rate("parse + label", points, bytes, SCENES, parseNanos + labelNanos);
        rate("label only", points, bytes, SCENES, labelNanos);
        System.out.printf("    (generating the scenes took %.1f ms each, not counted)%n", generateNanos / 1e6 / SCENES);
        return 0;
    }

    private static void row(String category, CategoryCounts bev, CategoryCounts volume) {
        System.out.printf("  %-12s %8d %6d |                 %6.3f %6.3f   %6.3f |                %6.3f %6.3f   %6.3f%n",
                category, bev.groundTruth(), bev.predicted(), bev.precision(), bev.recall(), bev.meanIou(),
                volume.precision(), volume.recall(), volume.meanIou());
    }

    private static void rate(String what, long points, long bytes, int scenes, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("    %-28s %7.2f M points/s  %7.1f MB/s  %8.1f scenes/s  (%.2f ms/scene)%n", what,
                points / seconds / 1e6, bytes / seconds / 1e6, scenes / seconds, seconds * 1e3 / scenes);
    }

    /** Heading error, modulo a half turn, of each car found with BEV IoU >= 0.5. */
    private static List<Double> carYawErrors(List<Box3D> boxes, List<Box3D> truth) {
        List<Double> errors = new ArrayList<>();
        for (Box3D car : truth) {
            if (!car.category().equals("Car")) continue;
            boxes.stream().filter(box -> box.category().equals("Car") && box.iouBev(car) >= 0.5).findFirst()
                    .ifPresent(box -> errors.add(Math.toDegrees(Math.abs(Math.IEEEremainder(box.yaw() - car.yaw(), Math.PI)))));
        }
        return errors;
    }
}
