package io.fleetloop.workers.annotation.labeling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores predicted boxes against ground truth: pairs are matched greedily, highest IoU first, each box at most once,
 * when their IoU reaches the threshold (and, when class-aware, their categories agree). Predictions that match
 * nothing are false positives, unless they cover a ground-truth box set aside as ignored (one the sensor barely saw).
 */
public final class LabelerEvaluation {

    public enum Overlap {
        /** Footprints in bird's-eye view. */
        BEV,
        /** Volumes. */
        VOLUME;

        double iou(Box3D a, Box3D b) {
            return this == BEV ? a.iouBev(b) : a.iou3d(b);
        }
    }

    private LabelerEvaluation() {
    }

    /**
     * Counts for one category.
     *
     * @param groundTruth        ground-truth boxes of the category
     * @param groundTruthMatched ... matched by a prediction
     * @param predicted          predictions of the category (ignored ones not counted)
     * @param predictedMatched   ... matched to a ground-truth box
     * @param iouSum             sum of the IoUs of the matched ground-truth boxes of the category
     */
    public record CategoryCounts(int groundTruth, int groundTruthMatched, int predicted, int predictedMatched, double iouSum) {

        static final CategoryCounts NONE = new CategoryCounts(0, 0, 0, 0, 0);

        public double precision() {
            return predicted == 0 ? Double.NaN : (double) predictedMatched / predicted;
        }

        public double recall() {
            return groundTruth == 0 ? Double.NaN : (double) groundTruthMatched / groundTruth;
        }

        public double meanIou() {
            return groundTruthMatched == 0 ? Double.NaN : iouSum / groundTruthMatched;
        }

        CategoryCounts plus(CategoryCounts o) {
            return new CategoryCounts(groundTruth + o.groundTruth, groundTruthMatched + o.groundTruthMatched,
                    predicted + o.predicted, predictedMatched + o.predictedMatched, iouSum + o.iouSum);
        }
    }

    /** Totals over all categories and per category (sorted by name); add results of several scenes with {@link #plus}. */
    public record Result(Overlap overlap, double threshold, boolean classAware, CategoryCounts total,
                         Map<String, CategoryCounts> perCategory) {

        public Result {
            perCategory = Map.copyOf(perCategory);
        }

        public static Result empty(Overlap overlap, double threshold, boolean classAware) {
            return new Result(overlap, threshold, classAware, CategoryCounts.NONE, Map.of());
        }

        public double precision() {
            return total.precision();
        }

        public double recall() {
            return total.recall();
        }

        /** Mean IoU of the matched pairs. */
        public double meanIou() {
            return total.meanIou();
        }

        public CategoryCounts category(String category) {
            return perCategory.getOrDefault(category, CategoryCounts.NONE);
        }

        public Result plus(Result other) {
            if (other.overlap != overlap || other.threshold != threshold || other.classAware != classAware) {
                throw new IllegalArgumentException("results of different evaluations cannot be added");
            }
            Map<String, CategoryCounts> merged = new TreeMap<>(perCategory);
            other.perCategory.forEach((category, counts) -> merged.merge(category, counts, CategoryCounts::plus));
            return new Result(overlap, threshold, classAware, total.plus(other.total), merged);
        }
    }

    public static Result evaluate(List<Box3D> predictions, List<Box3D> groundTruth, Overlap overlap, double threshold,
                                  boolean classAware) {
        return evaluate(predictions, groundTruth, List.of(), overlap, threshold, classAware);
    }

    public static Result evaluate(List<Box3D> predictions, List<Box3D> groundTruth, List<Box3D> ignored,
                                  Overlap overlap, double threshold, boolean classAware) {
        record Pair(int prediction, int truth, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int p = 0; p < predictions.size(); p++) {
            for (int g = 0; g < groundTruth.size(); g++) {
                if (classAware && !predictions.get(p).category().equals(groundTruth.get(g).category())) continue;
                double iou = overlap.iou(predictions.get(p), groundTruth.get(g));
                if (iou >= threshold && iou > 0) pairs.add(new Pair(p, g, iou));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] predictionMatched = new boolean[predictions.size()];
        boolean[] truthMatched = new boolean[groundTruth.size()];
        double[] truthIou = new double[groundTruth.size()];
        for (Pair pair : pairs) {
            if (predictionMatched[pair.prediction] || truthMatched[pair.truth]) continue;
            predictionMatched[pair.prediction] = true;
            truthMatched[pair.truth] = true;
            truthIou[pair.truth] = pair.iou;
        }

        Map<String, CategoryCounts> perCategory = new TreeMap<>();
        CategoryCounts total = CategoryCounts.NONE;
        for (int g = 0; g < groundTruth.size(); g++) {
            var counts = new CategoryCounts(1, truthMatched[g] ? 1 : 0, 0, 0, truthIou[g]);
            perCategory.merge(groundTruth.get(g).category(), counts, CategoryCounts::plus);
            total = total.plus(counts);
        }
        for (int p = 0; p < predictions.size(); p++) {
            Box3D prediction = predictions.get(p);
            if (!predictionMatched[p] && ignored.stream().anyMatch(box -> overlap.iou(prediction, box) >= threshold)) continue;
            var counts = new CategoryCounts(0, 0, 1, predictionMatched[p] ? 1 : 0, 0);
            perCategory.merge(prediction.category(), counts, CategoryCounts::plus);
            total = total.plus(counts);
        }
        return new Result(overlap, threshold, classAware, total, perCategory);
    }
}
