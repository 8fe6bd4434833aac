package io.fleetloop.bench;

import com.github.luben.zstd.Zstd;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.candump.CanFrame;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.csv.CsvSampleReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.dbc.DbcCodec;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcSignal;
import io.fleetloop.formats.segment.CanFrameSegment;
import io.fleetloop.formats.segment.SegmentReader;
import io.fleetloop.formats.segment.SegmentWriter;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compression of vehicle signal logs ({@code io.fleetloop.formats.segment}), in one run:
 * <ol>
 *   <li>a synthetic drive of {@code -Dbench.minutes} (default 60) is written ({@link SyntheticDrive}: candump of 8
 *       messages / 52 DBC signals at 10–100 ms, IMU CSV at 200 Hz, GNSS CSV at 10 Hz), then every CAN frame is
 *       decoded, given seeded Gaussian sensor noise on the 17 continuous sensor signals (e.g. wheel speeds 0.03 km/h,
 *       accelerations 0.01 m/s², yaw rate 0.05 °/s, engine speed 1 rpm; scaled by {@code -Dbench.noise}, default 1)
 *       and re-encoded — the candump text is the baseline;</li>
 *   <li>the log is cut into windows of {@code -Dbench.segmentSeconds} (default 300); per window the CAN frames are
 *       decoded with the DBC and written as a segment (zstd {@code -Dbench.level}, default 3), read back and checked
 *       sample for sample; the same for the raw CAN-frame mode, IMU and GNSS;</li>
 *   <li>plain zstd -3 and -19 (zstd-jni, one frame) of the whole candump text, in the same run.</li>
 * </ol>
 * Ratios are source text bytes / compressed bytes; MB/s are candump-text MB per CPU second of the one thread doing
 * the work (per core), measured after {@code -Dbench.warmup} (default 10) untimed passes over the first window, as a
 * long-running writer or reader runs; each window is written and read {@code -Dbench.passes} (default 5) times and the
 * figures are the median pass over all windows (the spread is printed): decompress is {@link SegmentReader#readColumns}
 * plus touching every timestamp and value, as a consumer of columns does ({@link SegmentReader#read} to a
 * {@code List<Sample>} is printed beside it); the first pass in the fresh JVM (interpreter and JIT compilation) is printed
 * apart. Decoding candump text into samples is not counted in the segment's time.
 * Fails (status 2) when a round trip is not exact or the CAN segment ratio is below {@code -Dbench.target} (50).
 * Prints the floor the noise itself sets: its entropy (bits per sample of Gaussian noise quantised to the DBC resolution)
 * per signal, against this codec's bits per sample. {@code -Dbench.noiseAtResolution=true} gives every noisy signal
 * σ = 1 DBC LSB instead.
 * Run: {@code bench/run.sh compression [-Dbench.minutes=60] [-Dbench.segmentSeconds=300] [-Dbench.noise=1]}
 */
public final class CompressionBenchmark {

    private static final int MINUTES = Integer.getInteger("bench.minutes", 60);
    private static final int SEGMENT_SECONDS = Integer.getInteger("bench.segmentSeconds", 300);
    private static final double NOISE = Double.parseDouble(System.getProperty("bench.noise", "1"));
    /** {@code -Dbench.noiseAtResolution=true}: every noisy signal gets σ = 1 LSB of its DBC signal instead of {@link #SIGMA}. */
    private static final boolean AT_RESOLUTION = Boolean.getBoolean("bench.noiseAtResolution");
    private static final int LEVEL = Integer.getInteger("bench.level", 3);
    private static final double TARGET = Double.parseDouble(System.getProperty("bench.target", "50"));
    private static final long SEED = Long.getLong("bench.seed", 1);
    /** Untimed passes (write + read) over the first window before the measured ones, so the JIT has compiled the codec. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10);
    /** Measured passes over every window (write + read); the figures are the median pass, the spread is printed. */
    private static final int PASSES = Math.max(1, Integer.getInteger("bench.passes", 5));
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;

    /** Physical noise sigma per signal (Message.Signal). */
    private static final Map<String, Double> SIGMA = Map.ofEntries(
            Map.entry("WheelSpeeds.WheelSpeedFL", 0.03), Map.entry("WheelSpeeds.WheelSpeedFR", 0.03),
            Map.entry("WheelSpeeds.WheelSpeedRL", 0.03), Map.entry("WheelSpeeds.WheelSpeedRR", 0.03),
            Map.entry("VehicleDynamics.VehicleSpeed", 0.02), Map.entry("VehicleDynamics.LongAccel", 0.01),
            Map.entry("VehicleDynamics.LatAccel", 0.01), Map.entry("VehicleDynamics.YawRate", 0.05),
            Map.entry("Steering.SteeringAngle", 0.1), Map.entry("Steering.SteeringRate", 0.3),
            Map.entry("Steering.SteeringTorque", 0.02), Map.entry("Powertrain.EngineSpeed", 1.0),
            Map.entry("Powertrain.EngineTorque", 0.5), Map.entry("Brakes.BrakePressure", 0.02),
            Map.entry("Adas.LeadDistance", 0.05), Map.entry("Adas.LaneOffset", 0.005),
            Map.entry("Adas.LeadRelSpeed", 0.02));

    /** The noise {@link SyntheticDrive} itself puts on the battery signals (its {@code gauss(…)} calls). */
    private static final Map<String, Double> DRIVE_SIGMA = Map.of("Battery.BatteryVoltage", 0.01, "Battery.BatteryCurrent", 0.2);

    /** Per noisy signal: how many samples got noise at least 4σ inside the signal's range (so none was clipped). */
    private static final Map<String, long[]> UNCLIPPED = new java.util.TreeMap<>();

    private CompressionBenchmark() {
    }

    /**
     * The entropy in bits of Gaussian noise of {@code sigma} quantised to steps of {@code resolution} (the DBC factor):
     * the bits per sample any lossless codec must spend on average, however well it predicts the noiseless signal.
     */
    static double noiseBits(double sigma, double resolution) {
        double s = sigma / resolution;
        int span = (int) Math.ceil(8 * s) + 2;
        double[] p = new double[2 * span + 1];
        double total = 0;
        for (int k = -span; k <= span; k++) {
            double mass = 0;
            for (int j = 0; j < 64; j++) {
                double x = k - 0.5 + (j + 0.5) / 64;
                mass += Math.exp(-x * x / (2 * s * s));
            }
            p[k + span] = mass;
            total += mass;
        }
        double h = 0;
        for (double mass : p) {
            if (mass > 0) h -= mass / total * Math.log(mass / total) / Math.log(2);
        }
        return h;
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("compression", Duration.ofMinutes(30), CompressionBenchmark::run);
    }

    private static int run() throws Exception {
        Path dir = Files.createTempDirectory("fleetloop-compression-bench");
        try {
            return measure(dir);
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static int measure(Path dir) throws Exception {
        long t0 = System.nanoTime();
        new SyntheticDrive(new SyntheticDrive.Config(START, MINUTES * 60L * SECOND, SEED, 0)).writeTo(dir);
        Path can = dir.resolve("noisy-can.log");
        long frames = addNoise(dir.resolve("can.log"), can);
        Files.delete(dir.resolve("can.log"));
        long canBytes = Files.size(can), imuBytes = Files.size(dir.resolve("imu.csv")),
                gnssBytes = Files.size(dir.resolve("gnss.csv"));
        DbcFile dbc = SyntheticDrive.dbcFile();
        int signals = dbc.messages().stream().mapToInt(m -> m.signals().size()).sum();
        System.out.println();
        System.out.printf("Fleetloop compression benchmark: a %d min drive, %d frames of %d messages / %d DBC signals, "
                        + "noise x%.2f%s, segments of %d s, zstd level %d, generated in %.1f s, %d cores%n", MINUTES,
                frames, dbc.messages().size(), signals, NOISE, AT_RESOLUTION ? " (σ = 1 DBC LSB per signal)" : "", SEGMENT_SECONDS, LEVEL,
                (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
        System.out.printf("  candump text %.1f MB, imu.csv %.1f MB, gnss.csv %.1f MB%n", canBytes / 1e6,
                imuBytes / 1e6, gnssBytes / 1e6);

        SegmentWriter writer = new SegmentWriter().dbc(dbc).level(LEVEL);
        SegmentReader reader = new SegmentReader();
        long canSeg = 0, rawSeg = 0, imuSeg = 0, gnssSeg = 0, samples = 0, windows = 0;
        long rawEncCpu = 0, rawDecCpu = 0;
        long[] encPass = new long[PASSES], colPass = new long[PASSES], listPass = new long[PASSES];
        double consumed = 0;
        long order = 0, table = 0, canBlock = 0;
        long coldSamples = 0, coldEnc = 0, coldDec = 0;
        int mismatches = 0;
        try (CandumpReader frameReader = CandumpReader.open(can);
             CsvSampleReader imu = new CsvSampleReader(Files.newBufferedReader(dir.resolve("imu.csv")),
                     CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "imu.", "ax", "ay", "az", "gx", "gy", "gz"));
             CsvSampleReader gnss = new CsvSampleReader(Files.newBufferedReader(dir.resolve("gnss.csv")),
                     CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "gnss.", "lat", "lon", "alt", "speed",
                             "heading", "fix"))) {
            Peeking<CanFrame> frameIt = new Peeking<>(frameReader);
            Peeking<Sample> imuIt = new Peeking<>(imu), gnssIt = new Peeking<>(gnss);
            for (long from = START; frameIt.hasNext() || imuIt.hasNext() || gnssIt.hasNext();
                 from += SEGMENT_SECONDS * SECOND) {
                long to = from + SEGMENT_SECONDS * SECOND;
                List<CanFrame> windowFrames = frameIt.until(to, CanFrame::timestampNanos);
                List<Sample> canSamples = new ArrayList<>();
                new CanSignalDecoder(dbc, windowFrames.iterator()).forEachRemaining(canSamples::add);
                samples += canSamples.size();
                windows++;
                if (windows == 1) {
                    // the first pass in this fresh JVM (interpreter, JIT compiling), printed apart; then warm-up passes
                    long w0 = cpu();
                    byte[] first = writer.write(canSamples);
                    long w1 = cpu();
                    reader.read(first);
                    coldEnc = w1 - w0;
                    coldDec = cpu() - w1;
                    coldSamples = canSamples.size();
                    largestChannels(writer, canSamples);
                    for (int w = 0; w < WARMUP; w++) {
                        reader.read(writer.write(canSamples));
                    }
                }

                byte[] segment = null;
                List<Sample> back = null;
                List<SegmentReader.Column> columns = null;
                for (int pass = 0; pass < PASSES; pass++) {
                    long c0 = cpu();
                    segment = writer.write(canSamples);
                    long c1 = cpu();
                    // what a consumer of columns does: read them and touch every timestamp and value
                    columns = reader.readColumns(segment);
                    for (SegmentReader.Column col : columns) {
                        consumed += consume(col);
                    }
                    long c2 = cpu();
                    back = reader.read(segment);
                    long c3 = cpu();
                    encPass[pass] += c1 - c0;
                    colPass[pass] += c2 - c1;
                    listPass[pass] += c3 - c2;
                }
                canSeg += segment.length;
                var info = SegmentReader.info(segment);
                order += info.block("order").compressedBytes();
                table += info.block("channels").compressedBytes();
                canBlock += info.block("can").compressedBytes();
                if (!back.equals(canSamples) || !sameColumns(columns, canSamples)) {
                    mismatches++;
                    System.out.println("  MISMATCH: CAN segment of window " + windows + " does not round-trip");
                }

                long c0, c1, c2;
                c0 = cpu();
                byte[] rawSegment = CanFrameSegment.write(windowFrames, LEVEL, null);
                c1 = cpu();
                List<CanFrame> rawBack = CanFrameSegment.read(rawSegment, null);
                c2 = cpu();
                rawEncCpu += c1 - c0;
                rawDecCpu += c2 - c1;
                rawSeg += rawSegment.length;
                if (!sameFrames(windowFrames, rawBack)) {
                    mismatches++;
                    System.out.println("  MISMATCH: CAN-frame segment of window " + windows + " does not round-trip");
                }

                List<Sample> imuSamples = imuIt.until(to, Sample::timestampNanos);
                List<Sample> gnssSamples = gnssIt.until(to, Sample::timestampNanos);
                byte[] imuSegment = writer.write(imuSamples), gnssSegment = writer.write(gnssSamples);
                imuSeg += imuSegment.length;
                gnssSeg += gnssSegment.length;
                if (!reader.read(imuSegment).equals(imuSamples) || !reader.read(gnssSegment).equals(gnssSamples)) {
                    mismatches++;
                    System.out.println("  MISMATCH: IMU/GNSS segment of window " + windows + " does not round-trip");
                }
            }
        }

        byte[] text = Files.readAllBytes(can);
        long z0 = cpu();
        byte[] z3 = Zstd.compress(text, 3);
        long z1 = cpu();
        byte[] z3back = Zstd.decompress(z3, text.length);
        long z2 = cpu();
        byte[] z19 = Zstd.compress(text, 19);
        long z3t = cpu();
        byte[] z19back = Zstd.decompress(z19, text.length);
        long z4 = cpu();
        if (!java.util.Arrays.equals(z3back, text) || !java.util.Arrays.equals(z19back, text)) {
            mismatches++;
        }
        double mb = canBytes / 1e6;
        long encCpu = median(encPass), decCpu = median(colPass), listCpu = median(listPass);
        double ratio = canBytes / (double) canSeg;
        System.out.printf("  %-34s %9s %8s %14s %14s%n", "CAN (candump text baseline)", "bytes", "ratio",
                "compress MB/s", "decompress MB/s");
        row("segment, DBC-decoded signals", canSeg, canBytes, mb, encCpu, decCpu);
        System.out.printf("    (median of %d measured passes, -Dbench.passes; decompress = SegmentReader.readColumns and "
                        + "touching every timestamp and double; compress %.1f-%.1f, decompress %.1f-%.1f MB/s over the "
                        + "passes; SegmentReader.read to List<Sample>: %.1f MB/s, %.1f-%.1f)%n", PASSES,
                mb / (max(encPass) / 1e9), mb / (min(encPass) / 1e9), mb / (max(colPass) / 1e9),
                mb / (min(colPass) / 1e9), mb / (listCpu / 1e9), mb / (max(listPass) / 1e9), mb / (min(listPass) / 1e9));
        row("segment, raw CAN frames", rawSeg, canBytes, mb, rawEncCpu, rawDecCpu);
        row("plain zstd -3 of candump text", z3.length, canBytes, mb, z1 - z0, z2 - z1);
        row("plain zstd -19 of candump text", z19.length, canBytes, mb, z3t - z2, z4 - z3t);
        System.out.printf("  CAN segments: %d windows, %d samples (%.1f M samples/s compress, %.1f M samples/s "
                        + "decompress per core); of the bytes: signal columns %.1f%%, interleaving %.1f%%, channel "
                        + "table %.1f%%%n", windows, samples, samples / (encCpu / 1e3), samples / (decCpu / 1e3),
                100.0 * canBlock / canSeg, 100.0 * order / canSeg, 100.0 * table / canSeg);
        double bytesPerSample = canBytes / (double) samples;
        System.out.printf("  the first pass over window 1 in this fresh JVM (not in the rows above, which follow %d untimed "
                        + "warm-up passes, -Dbench.warmup): %.1f MB/s compress, %.1f MB/s decompress per core%n", WARMUP,
                coldSamples * bytesPerSample / 1e6 / (coldEnc / 1e9), coldSamples * bytesPerSample / 1e6 / (coldDec / 1e9));
        System.out.printf("  per modality (source text / segment): can %.1fx (%d B), imu %.1fx (%.1f MB csv -> %d B), "
                        + "gnss %.1fx (%.1f MB csv -> %d B)%n", ratio, canSeg, imuBytes / (double) imuSeg,
                imuBytes / 1e6, imuSeg, gnssBytes / (double) gnssSeg, gnssBytes / 1e6, gnssSeg);
        // The floor: the sensor noise itself. Independent of the signal, it must be stored for an exact round trip.
        double boundBits = 0;
        Map<String, DbcSignal> signalsByName = new HashMap<>();
        dbc.messages().forEach(m -> m.signals().forEach(sg -> signalsByName.put(m.name() + "." + sg.name(), sg)));
        StringBuilder perSignal = new StringBuilder();
        for (Map.Entry<String, long[]> e : UNCLIPPED.entrySet()) {
            double factor = signalsByName.get(e.getKey()).factor();
            double sigma = DRIVE_SIGMA.containsKey(e.getKey()) ? DRIVE_SIGMA.get(e.getKey())
                    : AT_RESOLUTION ? factor : SIGMA.get(e.getKey()) * NOISE;
            double bits = noiseBits(sigma, factor);
            boundBits += bits * e.getValue()[0];
            Double codec = CHANNEL_BITS.get(e.getKey());
            perSignal.append(String.format(java.util.Locale.ROOT, " %s σ=%.1f LSB %.2f b (codec %s);",
                    e.getKey().substring(e.getKey().indexOf('.') + 1), sigma / factor, bits,
                    codec == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f b", codec)));
        }
        System.out.printf("  noise entropy floor: %.0f bytes for the whole log (%.1f%% of this codec's %d), so no lossless "
                        + "codec exceeds %.1fx on this log, whatever it does with the rest%n", boundBits / 8,
                100 * boundBits / 8 / canSeg, canSeg, canBytes / (boundBits / 8));
        System.out.println("  per noisy signal, bits/sample of the noise (unclipped samples) vs this codec's (window 1, channel alone):"
                + perSignal);
        int status = consumed == 42.4242 ? 1 : 0;
        if (mismatches > 0) {
            System.out.println("  FAILED: " + mismatches + " round trips were not exact");
            status = 2;
        }
        if (ratio < TARGET) {
            System.out.printf("  FAILED: CAN segment ratio %.1fx is below the target %.0fx%n", ratio, TARGET);
            status = 2;
        } else {
            System.out.printf("  CAN segment ratio %.1fx meets the target %.0fx; %.1fx zstd -19's%n", ratio, TARGET,
                    z19.length / (double) canSeg);
        }
        return status;
    }

    private static final Map<String, Double> CHANNEL_BITS = new HashMap<>();

    /** The five channels that cost most, each written alone (first window). */
    private static void largestChannels(SegmentWriter writer, List<Sample> samples) {
        Map<String, List<Sample>> byChannel = new java.util.LinkedHashMap<>();
        samples.forEach(s -> byChannel.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(s));
        List<Map.Entry<String, Integer>> sizes = new ArrayList<>();
        long total = 0;
        for (var e : byChannel.entrySet()) {
            int size = writer.write(e.getValue()).length;
            // the channel's value column in bits per sample (table and framing of a one-channel segment included)
            CHANNEL_BITS.put(e.getKey(), size * 8.0 / e.getValue().size());
            total += size;
            sizes.add(Map.entry(e.getKey(), size));
        }
        sizes.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        StringBuilder top = new StringBuilder();
        for (var e : sizes.subList(0, Math.min(6, sizes.size()))) {
            top.append(String.format(" %s %.1f%%", e.getKey(), 100.0 * e.getValue() / total));
        }
        System.out.println("  largest channels of window 1 (each written alone):" + top);
    }

    private static long median(long[] passes) {
        long[] sorted = passes.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long min(long[] passes) {
        return java.util.Arrays.stream(passes).min().orElse(0);
    }

    private static long max(long[] passes) {
        return java.util.Arrays.stream(passes).max().orElse(0);
    }

    /** Touches every timestamp and value of a column, as a consumer would (the result keeps the JIT from dropping it). */
    private static double consume(SegmentReader.Column col) {
        double sum = 0;
        long[] ts = col.timestampsNanos();
        double[] d = col.doubles();
        for (int i = 0; i < ts.length; i++) {
            sum += ts[i] & 1;
            if (d != null) {
                sum += d[i];
            }
        }
        return sum;
    }

    /** The columns hold exactly the samples, per channel in order. */
    private static boolean sameColumns(List<SegmentReader.Column> columns, List<Sample> samples) {
        Map<String, List<Sample>> byChannel = new java.util.LinkedHashMap<>();
        samples.forEach(s -> byChannel.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(s));
        if (columns.size() != byChannel.size()) {
            return false;
        }
        for (SegmentReader.Column col : columns) {
            if (!col.samples().equals(byChannel.get(col.channel()))) {
                return false;
            }
        }
        return true;
    }

    private static void row(String name, long bytes, long source, double mb, long encNanos, long decNanos) {
        System.out.printf("  %-34s %9d %7.1fx %14.1f %14.1f%n", name, bytes, source / (double) bytes,
                mb / (encNanos / 1e9), mb / (decNanos / 1e9));
    }

    private static boolean sameFrames(List<CanFrame> a, List<CanFrame> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            CanFrame x = a.get(i), y = b.get(i);
            if (x.timestampNanos() != y.timestampNanos() || x.id() != y.id() || x.extended() != y.extended()
                    || x.remote() != y.remote() || x.remoteLength() != y.remoteLength() || x.fd() != y.fd()
                    || x.fdFlags() != y.fdFlags() || !java.util.Objects.equals(x.iface(), y.iface())
                    || !java.util.Arrays.equals(x.data(), y.data())) {
                return false;
            }
        }
        return true;
    }

    /** Adds seeded sensor noise to the decoded physical values of every frame and writes the frames again. */
    private static long addNoise(Path in, Path out) throws IOException {
        DbcFile dbc = SyntheticDrive.dbcFile();
        Map<Integer, DbcMessage> byId = new HashMap<>();
        dbc.messages().forEach(m -> byId.put(m.id(), m));
        Random random = new Random(SEED * 31 + 7);
        HexFormat hex = HexFormat.of().withUpperCase();
        long frames = 0;
        try (BufferedReader r = Files.newBufferedReader(in); BufferedWriter w = Files.newBufferedWriter(out)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                CanFrame f = CandumpReader.parse(line);
                DbcMessage m = byId.get(f.id());
                Map<String, Double> values = new HashMap<>(DbcCodec.decode(m, f.data()));
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    Double sigma = SIGMA.get(m.name() + "." + e.getKey());
                    if (sigma != null && AT_RESOLUTION) sigma = m.signal(e.getKey()).orElseThrow().factor() / NOISE;
                    Double driveSigma = DRIVE_SIGMA.get(m.name() + "." + e.getKey());
                    if (driveSigma != null) UNCLIPPED.computeIfAbsent(m.name() + "." + e.getKey(), k -> new long[1])[0]++;
                    if (sigma != null && NOISE > 0) {
                        DbcSignal s = m.signal(e.getKey()).orElseThrow();
                        if (e.getValue() - 4 * sigma * NOISE >= s.min() && e.getValue() + 4 * sigma * NOISE <= s.max()) {
                            UNCLIPPED.computeIfAbsent(m.name() + "." + e.getKey(), k -> new long[1])[0]++;
                        }
                        double v = e.getValue() + random.nextGaussian() * sigma * NOISE;
                        e.setValue(Math.max(s.min(), Math.min(s.max(), v)));
                    }
                }
                byte[] data = DbcCodec.encode(m, values);
                if (m.name().equals("Steering")) {
                    int sum = 0;
                    for (int b = 0; b < 7; b++) {
                        sum += data[b] & 0xFF;
                    }
                    data[7] = (byte) sum;
                }
                w.write(line, 0, line.indexOf('#') + 1);
                w.write(hex.formatHex(data));
                w.write('\n');
                frames++;
            }
        }
        return frames;
    }

    /** An iterator that hands out everything before a timestamp. */
    private static final class Peeking<T> {
        private final Iterator<T> it;
        private T next;

        Peeking(Iterator<T> it) {
            this.it = it;
            this.next = it.hasNext() ? it.next() : null;
        }

        boolean hasNext() {
            return next != null;
        }

        List<T> until(long to, java.util.function.ToLongFunction<T> time) {
            List<T> out = new ArrayList<>();
            while (next != null && time.applyAsLong(next) < to) {
                out.add(next);
                next = it.hasNext() ? it.next() : null;
            }
            return out;
        }
    }
}
