package io.fleetloop.workers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.command.catalog.SceneRules;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceFormatException;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.mcap.McapQuery;
import io.fleetloop.formats.mcap.McapReader;
import io.fleetloop.formats.csv.CsvFields;
import io.fleetloop.formats.csv.CsvSampleReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derives an asset's scene features from its content and metadata: a speed profile and braking events from its
 * signals (a GNSS CSV with {@code speed} in m/s or {@code speed_kph}, and/or an IMU CSV with longitudinal
 * acceleration {@code ax} in m/s², read by the rules of {@code signal-formats}' {@link CsvSampleReader}), the capture time of
 * day (first sample, or the {@code capturedAt} attribute, in the {@code timezone} attribute's zone, else the zone of
 * the GNSS longitude, else UTC), the location cluster (geohash of the mean GNSS position), the weather (attribute
 * {@code weather}) and the object classes of the latest pre-label result.
 */
final class SceneFeatures {

    static final double STOPPED_KPH = 2.0;
    static final double MOVING_KPH = 10.0;

    private SceneFeatures() {
    }

    /** What the signals of one asset say; NaN where they say nothing. */
    record Signals(List<double[]> speed, List<double[]> accel, double latitude, double longitude, Long firstEpochNanos) {
        static Signals none() {
            return new Signals(List.of(), List.of(), Double.NaN, Double.NaN, null);
        }
    }

    /**
     * Reads a CSV signal log whose header names a speed, acceleration or position column; anything else: no signals.
     * Rows are read as {@link CsvSampleReader} reads them (same header, field count, blank-line, empty-cell and
     * timestamp rules, the fields cut by the same {@link CsvFields}; a row with a value or timestamp that is not a number
     * gives nothing), but only the mapped columns are cut out and parsed, straight into the accumulator: no sample objects, boxed values or regex per row.
     */
    static Signals read(BufferedReader in, Map<String, String> attributes) throws IOException {
        String header = in.readLine();
        if (header == null) return Signals.none();
        List<String> columns = Arrays.stream(header.replace("\uFEFF", "").split(",", -1)).map(String::strip).toList();
        String time = columns.contains("timestamp") ? "timestamp" : columns.contains("time") ? "time" : columns.contains("t") ? "t" : null;
        if (time == null) return Signals.none();
        List<String> channels = new ArrayList<>();
        for (String c : List.of("speed", "speed_kph", "ax", "lat", "lon")) if (columns.contains(c)) channels.add(c);
        if (channels.isEmpty()) return Signals.none();
        TimeUnitScale unit;
        try {
            unit = TimeUnitScale.valueOf(attributes.getOrDefault("timeunit", "SECONDS").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            unit = TimeUnitScale.SECONDS;
        }
        int columnCount = columns.size();
        int timeIndex = columns.indexOf(time);
        int[] valueIndexes = channels.stream().mapToInt(columns::indexOf).toArray();
        String[] names = channels.toArray(String[]::new);
        CsvFields fields = new CsvFields(',', columnCount);
        double[] values = new double[names.length];
        boolean[] present = new boolean[names.length];
        Accumulator signals = new Accumulator();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            if (!fields.cut(line)) continue; // wrong number of fields: the row is skipped
            long t;
            try {
                t = unit.toNanos(fields.field(timeIndex));
                for (int i = 0; i < valueIndexes.length; i++) {
                    String cell = fields.field(valueIndexes[i]).strip();
                    present[i] = !cell.isEmpty();
                    if (present[i]) values[i] = Double.parseDouble(cell);
                }
            } catch (NumberFormatException e) {
                continue; // a value or timestamp that is not a number: the row is skipped
            }
            for (int i = 0; i < names.length; i++) if (present[i]) signals.add(names[i], t, values[i]);
        }
        return signals.signals();
    }

    /**
     * Reads an MCAP recording's JSON channels: a message field {@code speed} (m/s), {@code speed_kph}, {@code ax} (m/s²),
     * {@code lat}/{@code latitude}, {@code lon}/{@code longitude} (top level, or under {@code position}); or a
     * {@code {"value": x}} message on a topic whose last segment is one of those names ({@code /vehicle/speed}). Log
     * time is the sample time. Other encodings are skipped; a file that is not MCAP gives no signals.
     */
    static Signals readMcap(Path file) throws IOException {
        Accumulator signals = new Accumulator();
        try (McapReader reader = McapReader.open(file)) {
            Iterator<Sample> samples = reader.samples(McapQuery.all());
            while (samples.hasNext()) {
                Sample s = samples.next();
                if (!(s.value() instanceof JsonNode json)) continue;
                String topic = s.channel().substring(s.channel().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (json.path("value").isNumber() && CHANNEL_NAMES.containsKey(topic)) {
                    signals.add(CHANNEL_NAMES.get(topic), s.timestampNanos(), json.path("value").asDouble());
                    continue;
                }
                for (JsonNode node : List.of(json, json.path("position"))) {
                    node.fields().forEachRemaining(field -> {
                        String channel = CHANNEL_NAMES.get(field.getKey().toLowerCase(Locale.ROOT));
                        if (channel != null && field.getValue().isNumber()) signals.add(channel, s.timestampNanos(), field.getValue().asDouble());
                    });
                }
            }
        } catch (SourceFormatException e) {
            return Signals.none();
        }
        return signals.signals();
    }

    /**
     * Reads a {@code candump -l} log decoded with {@code dbc}: a signal named {@code VehicleSpeed} (km/h) gives the speed
     * profile, {@code LongAccel} (m/s²) the longitudinal acceleration. Frames the DBC does not know are skipped.
     */
    static Signals readCandump(BufferedReader in, DbcFile dbc) throws IOException {
        Accumulator signals = new Accumulator();
        try (CandumpReader frames = new CandumpReader(in)) {
            CanSignalDecoder decoded = new CanSignalDecoder(dbc, frames);
            while (decoded.hasNext()) {
                Sample s = decoded.next();
                String signal = s.channel().substring(s.channel().lastIndexOf('.') + 1);
                if (!(s.value() instanceof Number value)) continue;
                if (signal.equals("VehicleSpeed")) signals.add("speed_kph", s.timestampNanos(), value.doubleValue());
                else if (signal.equals("LongAccel")) signals.add("ax", s.timestampNanos(), value.doubleValue());
            }
        } catch (SourceFormatException e) {
            return Signals.none();
        }
        return signals.signals();
    }

    private static final Map<String, String> CHANNEL_NAMES = Map.of("speed", "speed", "speed_kph", "speed_kph", "ax", "ax",
            "lat", "lat", "latitude", "lat", "lon", "lon", "longitude", "lon");

    /** Samples on the channels {@code speed} (m/s), {@code speed_kph}, {@code ax}, {@code lat}, {@code lon} → {@link Signals}. */
    private static final class Accumulator {
        private final List<double[]> speed = new ArrayList<>();
        private final List<double[]> accel = new ArrayList<>();
        private final Map<Long, double[]> position = new HashMap<>();
        private long first = Long.MAX_VALUE;
        private boolean any;

        void add(String channel, long timestampNanos, double value) {
            double t = timestampNanos / 1e9;
            if (timestampNanos < first) first = timestampNanos;
            any = true;
            switch (channel) {
                case "speed" -> speed.add(new double[] {t, value * 3.6});
                case "speed_kph" -> speed.add(new double[] {t, value});
                case "ax" -> accel.add(new double[] {t, value});
                case "lat" -> position.computeIfAbsent(timestampNanos, k -> new double[] {Double.NaN, Double.NaN})[0] = value;
                default -> position.computeIfAbsent(timestampNanos, k -> new double[] {Double.NaN, Double.NaN})[1] = value;
            }
        }

        Signals signals() {
            double latSum = 0, lonSum = 0;
            int positions = 0;
            for (double[] p : position.values()) {
                if (!Double.isNaN(p[0]) && !Double.isNaN(p[1])) {
                    latSum += p[0];
                    lonSum += p[1];
                    positions++;
                }
            }
            speed.sort((a, b) -> Double.compare(a[0], b[0]));
            accel.sort((a, b) -> Double.compare(a[0], b[0]));
            return new Signals(speed, accel, positions == 0 ? Double.NaN : latSum / positions, positions == 0 ? Double.NaN : lonSum / positions,
                    any ? Long.valueOf(first) : null);
        }
    }

    /** The features the rules see (names of {@link SceneRules}), from the asset's metadata and signals. */
    static Map<String, Object> of(SceneMiningAsset asset, Signals signals, SceneMiningRules rules) {
        Map<String, Object> f = new HashMap<>();
        SceneRules.NUMBERS.forEach(n -> f.put(n, Double.NaN));
        Map<String, String> attributes = lowerKeys(asset.attributes());
        speedProfile(signals.speed(), f);
        braking(signals, rules.brakingDecelMps2(), f);
        boolean hasLocation = !Double.isNaN(signals.latitude());
        f.put("hasLocation", hasLocation);
        f.put("latitude", signals.latitude());
        f.put("longitude", signals.longitude());
        f.put("geohash", hasLocation && rules.geohashPrecision() > 0 ? Geohash.encode(signals.latitude(), signals.longitude(), rules.geohashPrecision()) : "");
        Instant captured = signals.firstEpochNanos() != null ? Instant.ofEpochSecond(0, signals.firstEpochNanos()) : parse(attributes.get("capturedat"));
        f.put("hasTime", captured != null);
        if (captured != null) f.put("hourLocal", (double) captured.atZone(zone(attributes.get("timezone"), signals.longitude())).getHour());
        f.put("weather", attributes.getOrDefault("weather", "").toLowerCase(Locale.ROOT));
        f.put("modality", asset.modality().name());
        Map<String, Double> objects = new HashMap<>();
        asset.objectClasses().forEach((k, v) -> objects.put(k, v.doubleValue()));
        f.put("objects", objects);
        f.put("hasObjects", !objects.isEmpty());
        f.put("objectsTotal", objects.isEmpty() ? Double.NaN : objects.values().stream().mapToDouble(Double::doubleValue).sum());
        f.put("attributes", attributes);
        return f;
    }

    private static void speedProfile(List<double[]> speed, Map<String, Object> f) {
        f.put("hasSpeed", !speed.isEmpty());
        if (speed.isEmpty()) return;
        double[] values = speed.stream().mapToDouble(s -> s[1]).toArray();
        double sum = 0, max = 0;
        int stopped = 0;
        int stops = 0;
        boolean moving = false;
        for (double v : values) {
            sum += v;
            max = Math.max(max, v);
            if (v < STOPPED_KPH) {
                stopped++;
                if (moving) stops++;
                moving = false;
            } else if (v >= MOVING_KPH) {
                moving = true;
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        f.put("speedMeanKph", sum / values.length);
        f.put("speedMaxKph", max);
        f.put("speedP90Kph", sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]);
        f.put("stopCount", (double) stops);
        f.put("stoppedFraction", (double) stopped / values.length);
        f.put("durationS", speed.get(speed.size() - 1)[0] - speed.get(0)[0]);
    }

    /**
     * Braking events: stretches where the deceleration reaches the threshold, ending when it falls below half of it.
     * From the IMU's longitudinal acceleration when there is one, else from the speed over one-second steps.
     */
    private static void braking(Signals signals, double threshold, Map<String, Object> f) {
        List<double[]> decel = new ArrayList<>();
        if (!signals.accel().isEmpty()) {
            for (double[] a : signals.accel()) decel.add(new double[] {a[0], -a[1]});
        } else {
            List<double[]> speed = signals.speed();
            int j = 0;
            for (int i = 0; i < speed.size(); i++) {
                while (j < speed.size() && speed.get(j)[0] < speed.get(i)[0] + 1.0) j++;
                if (j >= speed.size()) break;
                double dt = speed.get(j)[0] - speed.get(i)[0];
                decel.add(new double[] {speed.get(i)[0], (speed.get(i)[1] - speed.get(j)[1]) / 3.6 / dt});
            }
        }
        if (decel.isEmpty()) return;
        int events = 0;
        double max = 0;
        boolean braking = false;
        for (double[] d : decel) {
            max = Math.max(max, d[1]);
            if (!braking && d[1] >= threshold) {
                braking = true;
                events++;
            } else if (braking && d[1] < threshold / 2) {
                braking = false;
            }
        }
        f.put("brakingEvents", (double) events);
        f.put("maxDecelMps2", max);
    }

    private static ZoneId zone(String timezone, double longitude) {
        if (timezone != null) {
            try {
                return ZoneId.of(timezone);
            } catch (DateTimeException e) {
                // an unknown zone name falls back to the position
            }
        }
        if (!Double.isNaN(longitude)) return ZoneOffset.ofHours((int) Math.max(-12, Math.min(14, Math.round(longitude / 15))));
        return ZoneOffset.UTC;
    }

    private static Instant parse(String value) {
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Map<String, String> lowerKeys(Map<String, String> attributes) {
        Map<String, String> lower = new HashMap<>();
        attributes.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    /** The tag combinations counted for the long tail: each tag and each pair {@code a+b}, location clusters left out. */
    static List<String> combinations(List<String> tags) {
        List<String> counted = tags.stream().filter(t -> !t.startsWith("geo:")).sorted().toList();
        List<String> combos = new ArrayList<>(counted);
        for (int i = 0; i < counted.size(); i++) {
            for (int j = i + 1; j < counted.size(); j++) combos.add(counted.get(i) + "+" + counted.get(j));
        }
        return combos;
    }
}
