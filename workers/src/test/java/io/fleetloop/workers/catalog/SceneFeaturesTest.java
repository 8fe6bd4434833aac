package io.fleetloop.workers.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.command.catalog.SceneRules;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class SceneFeaturesTest {

    private static final Instant NOON_UTC = Instant.parse("2026-06-01T12:00:00Z");

    private static String gnss(DoubleUnaryOperator speed) {
        StringBuilder csv = new StringBuilder("timestamp,lat,lon,speed\n");
        for (int k = 0; k <= 600; k++) {
            csv.append(String.format(Locale.ROOT, "%d.%03d,48.137,11.575,%.3f\n", NOON_UTC.getEpochSecond() + k / 10, (k % 10) * 100,
                    speed.applyAsDouble(k / 10.0)));
        }
        return csv.toString();
    }

    private static Map<String, Object> features(String csv, Map<String, String> attributes, Map<String, Integer> objects) throws Exception {
        SceneMiningAsset asset = new SceneMiningAsset(new AssetId("a"), "s3://b/a.csv", Modality.GNSS, NOON_UTC, attributes, objects);
        SceneFeatures.Signals signals = csv == null ? SceneFeatures.Signals.none()
                : SceneFeatures.read(new BufferedReader(new StringReader(csv)), attributes);
        return SceneFeatures.of(asset, signals, SceneMiningRules.defaults());
    }

    @Test
    void aSteadyFastDriveIsAHighwayWithoutBraking() throws Exception {
        Map<String, Object> f = features(gnss(t -> 30), Map.of("timezone", "Europe/Berlin"), Map.of());
        assertThat((Double) f.get("speedMeanKph")).isCloseTo(108, org.assertj.core.data.Offset.offset(0.1));
        assertThat(f.get("brakingEvents")).isEqualTo(0.0);
        assertThat(f.get("hourLocal")).isEqualTo(14.0);
        assertThat(f.get("geohash")).isEqualTo("u281z");
        assertThat(SceneRules.evaluator(SceneMiningRules.defaults()).tags(f)).containsExactly("day", "highway");
    }

    @Test
    void stopsAndAHardBrakeAreCounted() throws Exception {
        Map<String, Object> stopAndGo = features(gnss(t -> (t % 20) < 16 ? 8 * Math.sin(Math.PI * (t % 20) / 16) : 0), Map.of(), Map.of());
        assertThat(stopAndGo.get("stopCount")).isEqualTo(3.0);
        assertThat(stopAndGo.get("brakingEvents")).isEqualTo(0.0);
        Map<String, Object> brake = features(gnss(t -> t < 50 ? 11 : Math.max(0, 11 - 7 * (t - 50))), Map.of(), Map.of());
        assertThat(brake.get("brakingEvents")).isEqualTo(1.0);
        assertThat((Double) brake.get("maxDecelMps2")).isGreaterThan(6.5);
    }

    @Test
    void withoutSignalsTheMetadataStillTags() throws Exception {
        Map<String, Object> f = features(null, Map.of("Weather", "Rain", "capturedAt", "2026-06-01T23:30:00Z"), Map.of("pedestrian", 5));
        assertThat(f.get("hasSpeed")).isEqualTo(false);
        assertThat(SceneRules.evaluator(SceneMiningRules.defaults()).tags(f)).containsExactly("night", "pedestrians", "rain");
    }

    @Test
    void combinationsArePairsAndSinglesWithoutLocationClusters() {
        assertThat(SceneFeatures.combinations(List.of("rain", "geo:u281z", "night")))
                .containsExactly("night", "rain", "night+rain");
    }
}
