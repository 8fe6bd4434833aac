package io.fleetloop.workers.annotation.labeling;

import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.Overlap;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LabelerEvaluationTest {

    private static Box3D car(double x, double y) {
        return new Box3D(x, y, -1, 4, 2, 1.5, 0, "Car", 0.9);
    }

    private static Box3D pedestrian(double x, double y) {
        return new Box3D(x, y, -1, 0.8, 0.6, 1.7, 0, "Pedestrian", 0.9);
    }

    @Test
    void exactPredictionsArePerfect() {
        List<Box3D> truth = List.of(car(10, 0), pedestrian(20, 5));

        Result result = LabelerEvaluation.evaluate(truth, truth, Overlap.VOLUME, 0.5, true);

        assertThat(result.precision()).isEqualTo(1);
        assertThat(result.recall()).isEqualTo(1);
        assertThat(result.meanIou()).isCloseTo(1, within(1e-9));
        assertThat(result.category("Car").groundTruthMatched()).isEqualTo(1);
    }

    @Test
    void aMissAndAGhostCostRecallAndPrecision() {
        List<Box3D> truth = List.of(car(10, 0), car(30, 0));
        List<Box3D> predictions = List.of(car(10.5, 0), car(50, 0)); // 10.5: IoU 3.5 / 4.5 = 0.78

        Result result = LabelerEvaluation.evaluate(predictions, truth, Overlap.BEV, 0.5, true);

        assertThat(result.precision()).isEqualTo(0.5);
        assertThat(result.recall()).isEqualTo(0.5);
        assertThat(result.meanIou()).isCloseTo(3.5 / 4.5, within(1e-9));
    }

    @Test
    void overlapsBelowTheThresholdDoNotMatch() {
        Result result = LabelerEvaluation.evaluate(List.of(car(12, 0)), List.of(car(10, 0)), Overlap.BEV, 0.5, true); // 1/3

        assertThat(result.total().predictedMatched()).isZero();
        assertThat(result.recall()).isZero();
    }

    @Test
    void classAwareMatchingNeedsTheRightCategory() {
        Box3D truth = pedestrian(10, 0);
        Box3D predicted = new Box3D(10, 0, -1, 0.8, 0.6, 1.7, 0, "Cyclist", 0.9);

        assertThat(LabelerEvaluation.evaluate(List.of(predicted), List.of(truth), Overlap.BEV, 0.5, true).recall()).isZero();
        assertThat(LabelerEvaluation.evaluate(List.of(predicted), List.of(truth), Overlap.BEV, 0.5, false).recall()).isEqualTo(1);
    }

    @Test
    void eachGroundTruthBoxTakesItsBestPredictionOnce() {
        List<Box3D> predictions = List.of(car(10.8, 0), car(10.1, 0));

        Result result = LabelerEvaluation.evaluate(predictions, List.of(car(10, 0)), Overlap.BEV, 0.5, true);

        assertThat(result.total().predictedMatched()).isEqualTo(1);
        assertThat(result.precision()).isEqualTo(0.5);
        assertThat(result.meanIou()).isCloseTo(3.9 / 4.1, within(1e-9));
    }

    @Test
    void predictionsOfIgnoredObjectsAreNeitherRightNorWrong() {
        Result result = LabelerEvaluation.evaluate(List.of(car(30, 0)), List.of(car(10, 0)), List.of(car(30, 0)),
                Overlap.BEV, 0.5, true);

        assertThat(result.total().predicted()).isZero();
        assertThat(result.recall()).isZero();
    }

    @Test
    void resultsOfScenesAddUp() {
        Result first = LabelerEvaluation.evaluate(List.of(car(10, 0)), List.of(car(10, 0)), Overlap.BEV, 0.5, true);
        Result second = LabelerEvaluation.evaluate(List.of(), List.of(pedestrian(5, 5)), Overlap.BEV, 0.5, true);

        Result total = Result.empty(Overlap.BEV, 0.5, true).plus(first).plus(second);

        assertThat(total.recall()).isEqualTo(0.5);
        assertThat(total.category("Pedestrian").recall()).isZero();
        assertThat(total.category("Car").precision()).isEqualTo(1);
    }
}
