package io.fleetloop.workers.annotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioParams;
import io.fleetloop.api.simulation.ScenarioType;
import io.fleetloop.workers.annotation.labeling.Box3D;
import io.fleetloop.workers.annotation.labeling.LabelerEvaluation;
import io.fleetloop.workers.annotation.labeling.LidarBoxLabeler;
import io.fleetloop.workers.simulation.engine.SimulationEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated ground truth read back as pre-labels, and the built-in LiDAR labeler scored against it. */
class GroundTruthPreLabelerTest {

    @Test
    void groundTruthBecomesLabelsAndTheBuiltInLabelerIsScoredAgainstIt() throws Exception {
        Map<String, ParamRange> params = Map.of(ScenarioParams.EGO_SPEED, new ParamRange(10.0, 14.0, "m/s"),
                ScenarioParams.ACTOR_SPEED, new ParamRange(6.0, 10.0, "m/s"), ScenarioParams.GAP, new ParamRange(12.0, 25.0, "m"),
                ScenarioParams.ACTOR_COUNT, new ParamRange(2.0, 4.0, "count"), ScenarioParams.DURATION, new ParamRange(5.0, 5.0, "s"));
        SimulationEngine engine = new SimulationEngine();
        LidarBoxLabeler labeler = new LidarBoxLabeler();
        LabelerEvaluation.Result total = LabelerEvaluation.Result.empty(LabelerEvaluation.Overlap.BEV, 0.5, false);
        int labels = 0;
        for (int i = 0; i < 10; i++) {
            SimulationEngine.Item item = engine.generate(ScenarioType.CUT_IN, params, 11, i);
            List<Label> read = GroundTruthPreLabeler.labels(new ObjectMapper().readTree(item.groundTruthJson()));
            long visible = item.groundTruth().stream().filter(b -> b.pointCount() > 0).count();
            assertThat(read).hasSize((int) visible).allMatch(l -> l.confidence() == 1.0 && l.box3d() != null);
            labels += read.size();
            List<Box3D> truth = new ArrayList<>(), ignored = new ArrayList<>();
            for (SimulationEngine.GroundTruthBox b : item.groundTruth()) {
                (b.pointCount() >= 10 ? truth : ignored).add(new Box3D(b.x(), b.y(), b.z(), b.length(), b.width(), b.height(), b.yaw(),
                        b.category(), 1));
            }
            List<Box3D> predicted = labeler.label(new ByteArrayInputStream(item.lidarBin()));
            total = total.plus(LabelerEvaluation.evaluate(predicted, truth, ignored, LabelerEvaluation.Overlap.BEV, 0.5, false));
        }
        assertThat(labels).isGreaterThan(10);
        // the built-in labeler finds most simulated cars (class-agnostic BEV IoU >= 0.5)
        assertThat(total.recall()).isGreaterThan(0.5);
        assertThat(total.precision()).isGreaterThan(0.5);
    }
}
