package io.fleetloop.workers.annotation.labeling;

import io.fleetloop.workers.annotation.labeling.SyntheticScenes.Scene;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticScenesTest {

    @Test
    void theSameSeedGivesTheSameScene() {
        Scene a = SyntheticScenes.generate(7), b = SyntheticScenes.generate(7);

        assertThat(a.groundTruth()).isEqualTo(b.groundTruth());
        assertThat(a.cloud().toKittiBin()).isEqualTo(b.cloud().toKittiBin());
        assertThat(SyntheticScenes.generate(8).groundTruth()).isNotEqualTo(a.groundTruth());
    }

    @Test
    void aSceneLooksLikeOneFrameOfA64BeamSensor() {
        Scene scene = SyntheticScenes.generate(7);

        assertThat(scene.cloud().size()).isBetween(80_000, 130_000);
        assertThat(scene.groundTruth()).extracting(Box3D::category).contains("Car", "Pedestrian", "Cyclist");
        assertThat(scene.pointsOnObject()).hasSameSizeAs(scene.groundTruth());
    }

    @Test
    void objectsDoNotOverlap() {
        List<Box3D> boxes = SyntheticScenes.generate(11).groundTruth();

        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) assertThat(boxes.get(i).iouBev(boxes.get(j))).isZero();
        }
    }

    @Test
    void nearObjectsGetMorePointsThanFarOnes() {
        Scene scene = SyntheticScenes.generate(3, SyntheticScenes.Settings.defaults().withObjects(12, 0, 0)
                .withClutter(0, 0, 0, 0));
        double nearMean = meanPoints(scene, 0, 25), farMean = meanPoints(scene, 40, 100);

        assertThat(nearMean).isGreaterThan(3 * farMean);
    }

    private static double meanPoints(Scene scene, double fromRange, double toRange) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < scene.groundTruth().size(); k++) {
            Box3D box = scene.groundTruth().get(k);
            double range = Math.hypot(box.x(), box.y());
            if (range >= fromRange && range < toRange) {
                sum += scene.pointsOnObject().get(k);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
