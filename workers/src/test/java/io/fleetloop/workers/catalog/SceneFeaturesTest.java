package io.fleetloop.workers.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.command.catalog.SceneRules;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.mcap.McapWriter;
import io.fleetloop.workers.simulation.engine.EgoCan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * The CSV path reads rows exactly as signal-formats' CsvSampleReader does: bad rows (too few or too many fields, a
     * value or timestamp that is not a number) give nothing, empty cells give no sample, blank lines and padding are
     * ignored, unmapped columns are not parsed.
     */
    @Test
    void csvRowsAreReadAsCsvSampleReaderReadsThem() throws Exception {
        String csv = "\uFEFFtimestamp, alt ,lat,lon,speed,ax\n"
                + "100.5,x,48.1,11.5,10,-1\n"
                + "\n"
                + "   \n"
                + "100.6,1,48.2,,12,\n"
                + "100.7,1,48.3,11.7, 13 ,-2\n"
                + "100.8,1,48.4,11.8,14\n"
                + "100.9,1,48.5,11.9,15,-3,9\n"
                + "101.0,1,48.6,11.9,abc,-4\n"
                + "zzz,1,48.6,11.9,16,-4\n"
                + "99.0,1,,,17,-5\n"
                + "101.1,1,48.7,12.0,,\n"
                + "101.2,1,48.8,12.1,18,-6";
        SceneFeatures.Signals fast = SceneFeatures.read(new BufferedReader(new StringReader(csv)), Map.of());

        List<double[]> speed = new java.util.ArrayList<>(), accel = new java.util.ArrayList<>();
        Map<Long, double[]> position = new java.util.HashMap<>();
        Long first = null;
        Map<String, String> channels = new java.util.LinkedHashMap<>();
        for (String c : List.of("speed", "ax", "lat", "lon")) channels.put(c, c);
        try (var reader = new io.fleetloop.formats.csv.CsvSampleReader(new StringReader(csv),
                new io.fleetloop.formats.csv.CsvMapping("timestamp", io.fleetloop.formats.TimeUnitScale.SECONDS, channels, ','))) {
            while (reader.hasNext()) {
                var sample = reader.next();
                long t = sample.timestampNanos();
                double v = (Double) sample.value();
                if (first == null || t < first) first = t;
                switch (sample.channel()) {
                    case "speed" -> speed.add(new double[] {t / 1e9, v * 3.6});
                    case "ax" -> accel.add(new double[] {t / 1e9, v});
                    case "lat" -> position.computeIfAbsent(t, k -> new double[] {Double.NaN, Double.NaN})[0] = v;
                    default -> position.computeIfAbsent(t, k -> new double[] {Double.NaN, Double.NaN})[1] = v;
                }
            }
        }
        speed.sort((a, b) -> Double.compare(a[0], b[0]));
        accel.sort((a, b) -> Double.compare(a[0], b[0]));
        double lat = position.values().stream().filter(p -> !Double.isNaN(p[0]) && !Double.isNaN(p[1])).mapToDouble(p -> p[0]).average().orElseThrow();
        double lon = position.values().stream().filter(p -> !Double.isNaN(p[0]) && !Double.isNaN(p[1])).mapToDouble(p -> p[1]).average().orElseThrow();

        assertThat(fast.speed()).hasSize(5).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(speed);
        assertThat(fast.accel()).hasSize(4).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(accel);
        assertThat(fast.latitude()).isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fast.longitude()).isCloseTo(lon, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fast.firstEpochNanos()).isEqualTo(first).isEqualTo(99_000_000_000L);
    }

    private static Map<String, Object> features(SceneFeatures.Signals signals, Map<String, String> attributes) {
        SceneMiningAsset asset = new SceneMiningAsset(new AssetId("a"), "s3://b/a", Modality.GNSS, NOON_UTC, attributes, Map.of());
        return SceneFeatures.of(asset, signals, SceneMiningRules.defaults());
    }

    @Test
    void anMcapRecordingsJsonChannelsGiveTheSameFeaturesAsACsv(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("drive.mcap");
        try (OutputStream out = Files.newOutputStream(file); McapWriter writer = new McapWriter(out, McapWriter.Options.defaults())) {
            int schema = writer.addSchema("gnss", "jsonschema", "{}".getBytes(StandardCharsets.UTF_8));
            int gnss = writer.addChannel("/gnss/fix", "json", schema, Map.of());
            int speed = writer.addChannel("/vehicle/speed", "json", schema, Map.of());
            int other = writer.addChannel("/camera/raw", "application/octet-stream", 0, Map.of());
            for (int k = 0; k <= 600; k++) {
                long t = NOON_UTC.getEpochSecond() * 1_000_000_000L + k * 100_000_000L;
                writer.write(gnss, k, t, t, "{\"position\":{\"latitude\":48.137,\"longitude\":11.575}}".getBytes(StandardCharsets.UTF_8));
                writer.write(speed, k, t, t, "{\"value\":30.0}".getBytes(StandardCharsets.UTF_8));
                writer.write(other, k, t, t, new byte[] {1, 2, 3});
            }
        }
        Map<String, Object> f = features(SceneFeatures.readMcap(file), Map.of("timezone", "Europe/Berlin"));
        assertThat((Double) f.get("speedMeanKph")).isCloseTo(108, org.assertj.core.data.Offset.offset(0.1));
        assertThat(f.get("hourLocal")).isEqualTo(14.0);
        assertThat(f.get("geohash")).isEqualTo("u281z");
        assertThat(SceneRules.evaluator(SceneMiningRules.defaults()).tags(f)).containsExactly("day", "highway");

        Files.write(dir.resolve("not.mcap"), "timestamp,speed\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(SceneFeatures.readMcap(dir.resolve("not.mcap")).speed()).isEmpty();
    }

    /** A candump -l log of EGO_MOTION frames (VehicleSpeed 0.01 km/h, LongAccel 0.001 m/s², Intel order) at 10 Hz. */
    private static String candump(DoubleUnaryOperator kph, DoubleUnaryOperator accel) {
        StringBuilder log = new StringBuilder();
        for (int k = 0; k <= 600; k++) {
            double t = k / 10.0;
            int v = (int) Math.round(kph.applyAsDouble(t) / 0.01), a = (int) Math.round(accel.applyAsDouble(t) / 0.001) & 0xffff;
            log.append(String.format(Locale.ROOT, "(%d.%06d) can0 100#%02X%02X%02X%02X00000000%n", NOON_UTC.getEpochSecond() + k / 10,
                    (k % 10) * 100_000, v & 0xff, (v >>> 8) & 0xff, a & 0xff, a >>> 8));
            log.append(String.format(Locale.ROOT, "(%d.%06d) can0 7FF#00%n", NOON_UTC.getEpochSecond() + k / 10, (k % 10) * 100_000));
        }
        return log.toString();
    }

    @Test
    void aCandumpLogDecodedWithItsDbcGivesSpeedAndBraking() throws Exception {
        DbcFile dbc = DbcParser.parse(EgoCan.DBC);
        String log = candump(t -> t < 50 ? 100 : Math.max(0, 100 - 25 * (t - 50)), t -> t >= 50 && t < 54 ? -7 : 0);
        Map<String, Object> f = features(SceneFeatures.readCandump(new BufferedReader(new StringReader(log)), dbc), Map.of());
        assertThat((Double) f.get("speedMaxKph")).isCloseTo(100, org.assertj.core.data.Offset.offset(0.1));
        assertThat(f.get("brakingEvents")).isEqualTo(1.0);
        assertThat((Double) f.get("maxDecelMps2")).isCloseTo(7, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f.get("hourLocal")).isEqualTo(12.0);
        assertThat(SceneRules.evaluator(SceneMiningRules.defaults()).tags(f)).contains("hard-braking", "day");
        // a DBC that knows none of the frames: no signals
        DbcFile other = DbcParser.parse("VERSION \"\"\n\nBO_ 512 OTHER: 8 X\n SG_ Foo : 0|8@1+ (1,0) [0|255] \"\" Vector__XXX\n");
        assertThat(SceneFeatures.readCandump(new BufferedReader(new StringReader(log)), other).speed()).isEmpty();
    }

    @Test
    void combinationsArePairsAndSinglesWithoutLocationClusters() {
        assertThat(SceneFeatures.combinations(List.of("rain", "geo:u281z", "night")))
                .containsExactly("night", "rain", "night+rain");
    }
}
