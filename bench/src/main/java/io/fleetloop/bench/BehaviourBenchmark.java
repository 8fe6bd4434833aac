package io.fleetloop.bench;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.align.AlignedFrame;
import io.fleetloop.formats.align.AlignedSource;
import io.fleetloop.formats.align.AlignedStream;
import io.fleetloop.formats.align.AlignedWindow;
import io.fleetloop.formats.align.FrameIndex;
import io.fleetloop.formats.align.FrameRef;
import io.fleetloop.formats.align.SampleStreams;
import io.fleetloop.formats.align.SourceReport;
import io.fleetloop.formats.align.TimeAligner;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.mcap.McapQuery;
import io.fleetloop.formats.mcap.McapReader;
import io.fleetloop.formats.mcap.McapSampleWriter;
import io.fleetloop.formats.mcap.McapWriter;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Behaviour sessions, library level ({@code io.fleetloop.formats.align}): one recorded session of six sources written
 * to files in a temporary directory —
 * CAN candump at 2,000 frames/s (10 messages × 5 signals = a DBC of 50 signals, 200 Hz each), IMU CSV at 200 Hz, GNSS
 * CSV at 10 Hz, perception NDJSON at 10 Hz, and LiDAR and camera frame indexes at 10 Hz (sidecar CSV / NDJSON; the
 * frames themselves are not written) — then, in one run:
 * <ol>
 *   <li>raw read: every byte of the six files from disk (page cache: just written), MB/s — the baseline;</li>
 *   <li>decode + align the whole session at 10 Hz, all channels: samples/s and MB/s, and the ratio to the raw read;
 *       heap after a full GC before, in the middle of, and after the pass (flat = memory does not grow with length);</li>
 *   <li>latency of {@code TimeAligner.align} for a 10 s window at 100 Hz at random positions (file sources seek:
 *       binary search in the text files; frame indexes loaded once): p50/p99/max;</li>
 *   <li>MCAP export: an aligned 60 s window at 100 Hz written with {@code McapSampleWriter} (zstd chunks), MB/s,
 *       and read back to check the message count.</li>
 * </ol>
 * The object store is not involved: "raw" is reading the same bytes from local disk.
 * Run: {@code bench/run.sh behaviour [-Dbench.minutes=60] [-Dbench.windows=50] [-Dbench.seed=1] [-Dbench.dir=...]}
 */
public final class BehaviourBenchmark {

    private static final int MINUTES = Integer.getInteger("bench.minutes", 60);
    private static final int WINDOWS = Integer.getInteger("bench.windows", 50);
    private static final long SEED = Long.getLong("bench.seed", 1);
    private static final long START = 1_700_000_000L * 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int MESSAGES = 10, SIGNALS = 5;
    private static final Duration MAX_GAP = Duration.ofMillis(500);

    private BehaviourBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("behaviour", Duration.ofMinutes(30), BehaviourBenchmark::run);
    }

    private static int run() throws Exception {
        String dirProperty = System.getProperty("bench.dir");
        Path dir = dirProperty != null ? Files.createDirectories(Path.of(dirProperty))
                : Files.createTempDirectory("fleetloop-behaviour-bench");
        try {
            return measure(dir);
        } finally {
            if (dirProperty == null) {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    private static int measure(Path dir) throws Exception {
        long duration = MINUTES * 60L * SECOND;
        long t0 = System.nanoTime();
        Session session = Session.write(dir, duration);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes = session.bytes();
        System.out.println();
        System.out.printf("Fleetloop behaviour-session benchmark: a %d min session, 6 sources, %.1f MB in %s "
                        + "(generated in %.1f s), %d cores%n", MINUTES, bytes / 1e6, dir, generateSeconds,
                Runtime.getRuntime().availableProcessors());
        for (Path f : session.files()) {
            System.out.printf("    %-16s %9.1f MB%n", f.getFileName(), Files.size(f) / 1e6);
        }
        int failures = 0;

        // 1. raw read of the same bytes (twice: the first warms the page cache and the JIT)
        rawRead(session.files());
        long r0 = System.nanoTime(), rc0 = cpu();
        long raw = rawRead(session.files());
        double rawSeconds = (System.nanoTime() - r0) / 1e9, rawCpu = (cpu() - rc0) / 1e9;

        // 2. decode + align the whole session at 10 Hz
        List<FrameRef> lidar = FrameIndex.fromSidecar(reader(session.lidar()));
        List<FrameRef> camera = FrameIndex.fromSidecar(reader(session.camera()));
        TimeAligner aligner = new TimeAligner(session.sources(lidar, camera), Map.of(), MAX_GAP);
        long heapBefore = usedHeapAfterGc();
        long heapMiddle = 0;
        long a0 = System.nanoTime(), ac0 = cpu();
        long frames = 0, values = 0;
        List<SourceReport> reports;
        try (AlignedStream stream = aligner.stream(START, START + duration, 10, Set.of())) {
            long half = TimeAligner.frameCount(START, START + duration, 10) / 2;
            while (stream.hasNext()) {
                AlignedFrame f = stream.next();
                values += f.values().size();
                if (++frames == half) {
                    long pause = System.nanoTime(), pauseCpu = cpu();
                    heapMiddle = usedHeapAfterGc();
                    a0 += System.nanoTime() - pause; // the GC is not the aligner's time
                    ac0 += cpu() - pauseCpu;
                }
            }
            reports = stream.reports();
        }
        double alignSeconds = (System.nanoTime() - a0) / 1e9, alignCpu = (cpu() - ac0) / 1e9;
        long heapAfter = usedHeapAfterGc();
        long samples = reports.stream().mapToLong(SourceReport::samplesRead).sum();
        System.out.println();
        System.out.printf("  (rates per wall-clock second, and in brackets per CPU second of the measuring thread: the cores"
                + " are shared, load average %.1f)%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("  raw read of the 6 files:          %8.1f MB/s [%8.1f]   (%.1f MB in %.2f s)%n",
                raw / 1e6 / rawSeconds, raw / 1e6 / rawCpu, raw / 1e6, rawSeconds);
        System.out.printf("  decode + align, whole session at 10 Hz, all channels, 1 thread:%n");
        System.out.printf("                                    %8.1f MB/s [%8.1f]   %.2f M samples/s [%.2f]   (%d samples,"
                + " %d frames, %d values, %.1f s, %.1f s CPU)%n", bytes / 1e6 / alignSeconds, bytes / 1e6 / alignCpu,
                samples / 1e6 / alignSeconds, samples / 1e6 / alignCpu, samples, frames, values, alignSeconds, alignCpu);
        System.out.printf("  ratio decode+align / raw read:    %8.4f [%.4f]  (raw is %.0fx [%.0fx] faster)%n",
                (bytes / alignSeconds) / (raw / rawSeconds), (bytes / alignCpu) / (raw / rawCpu),
                (raw / rawSeconds) / (bytes / alignSeconds), (raw / rawCpu) / (bytes / alignCpu));
        System.out.printf("  heap used after full GC: before %.1f MB, mid-pass %.1f MB, after %.1f MB (-Xmx %.0f MB)%n",
                heapBefore / 1e6, heapMiddle / 1e6, heapAfter / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        for (SourceReport r : reports) {
            System.out.printf("    %-11s read %10d used %10d errors %d%s%n", r.name(), r.samplesRead(), r.samplesUsed(),
                    r.errors().size(), r.failed() ? " FAILED" : "");
            if (r.failed() || !r.errors().isEmpty()) {
                System.out.println("      " + r.errors().stream().limit(3).toList());
                failures++;
            }
        }
        if (frames != MINUTES * 60L * 10) {
            System.out.println("  CHECK FAILED: " + frames + " frames, expected " + MINUTES * 600L);
            failures++;
        }

        // 3. align latency: 10 s at 100 Hz at random positions
        Random random = new Random(SEED);
        long span = duration - 10 * SECOND;
        for (int i = 0; i < 5; i++) { // warm-up
            long from = START + (long) (random.nextDouble() * span);
            aligner.align(from, from + 10 * SECOND, 100, Set.of(), 1000);
        }
        long[] latencies = new long[WINDOWS];
        long[] cpuLatencies = new long[WINDOWS];
        int channels = 0;
        for (int i = 0; i < WINDOWS; i++) {
            long from = START + (long) (random.nextDouble() * span);
            long l0 = System.nanoTime(), lc0 = cpu();
            AlignedWindow w = aligner.align(from, from + 10 * SECOND, 100, Set.of(), 1000);
            latencies[i] = System.nanoTime() - l0;
            cpuLatencies[i] = cpu() - lc0;
            channels = Math.max(channels, w.channels().size());
            if (w.frames().size() != 1000 || w.frames().get(500).values().size() < 60) {
                System.out.println("  CHECK FAILED: window at " + from + ": " + w.frames().size() + " frames, "
                        + w.frames().get(500).values().size() + " values in the middle one");
                failures++;
            }
        }
        java.util.Arrays.sort(latencies);
        java.util.Arrays.sort(cpuLatencies);
        System.out.printf("  align(10 s window, 100 Hz = 1000 frames x %d channels) at %d random positions:%n", channels,
                WINDOWS);
        System.out.printf("                                    p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies[WINDOWS / 2] / 1e6, latencies[Math.min(WINDOWS - 1, (int) Math.ceil(WINDOWS * 0.99) - 1)] / 1e6,
                latencies[WINDOWS - 1] / 1e6);
        System.out.printf("                                    CPU time: p50 %.1f ms, p99 %.1f ms%n",
                cpuLatencies[WINDOWS / 2] / 1e6,
                cpuLatencies[Math.min(WINDOWS - 1, (int) Math.ceil(WINDOWS * 0.99) - 1)] / 1e6);

        // 4. MCAP export of an aligned 60 s window at 100 Hz
        long exportFrom = START + duration / 2;
        AlignedWindow window = aligner.align(exportFrom, exportFrom + Math.min(60 * SECOND, duration / 2), 100,
                Set.of(), 6000);
        Path mcap = dir.resolve("export.mcap");
        long written = 0;
        long e0 = System.nanoTime(), ec0 = cpu();
        try (OutputStream out = Files.newOutputStream(mcap);
             McapSampleWriter writer = new McapSampleWriter(out, McapWriter.Options.defaults())) {
            for (AlignedFrame f : window.frames()) {
                for (Map.Entry<String, Object> v : f.values().entrySet()) {
                    writer.write(new Sample(v.getKey(), f.timestampNanos(), v.getValue()));
                    written++;
                }
            }
        }
        double exportSeconds = (System.nanoTime() - e0) / 1e9, exportCpu = (cpu() - ec0) / 1e9;
        long mcapBytes = Files.size(mcap);
        long readBack = 0;
        try (McapReader reader = McapReader.open(mcap)) {
            for (Iterator<?> it = reader.messages(McapQuery.all()); it.hasNext(); it.next()) {
                readBack++;
            }
            if (!reader.errors().isEmpty()) {
                System.out.println("  CHECK FAILED: export read back with errors " + reader.errors());
                failures++;
            }
        }
        if (readBack != written) {
            System.out.println("  CHECK FAILED: exported " + written + " messages, read back " + readBack);
            failures++;
        }
        System.out.printf("  MCAP export of an aligned window (%d frames, %d messages, JSON channels, zstd chunks):%n"
                        + "                                    %8.1f MB/s [%.1f] written   %.0f k messages/s [%.0f]   (%.1f MB"
                        + " in %.2f s, read back: %d messages)%n", window.frames().size(), written,
                mcapBytes / 1e6 / exportSeconds, mcapBytes / 1e6 / exportCpu, written / 1e3 / exportSeconds,
                written / 1e3 / exportCpu, mcapBytes / 1e6, exportSeconds, readBack);
        System.out.println();
        return failures == 0 ? 0 : 2;
    }

    private static long rawRead(List<Path> files) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long total = 0;
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                int n;
                while ((n = ch.read(buffer.clear())) > 0) {
                    total += n;
                }
            }
        }
        return total;
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Reader reader(Path p) throws IOException {
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }

    /** The six files of a session and how to open them as sources. */
    private record Session(Path dbc, Path can, Path imu, Path gnss, Path perception, Path lidar, Path camera) {

        List<Path> files() {
            return List.of(dbc, can, imu, gnss, perception, lidar, camera);
        }

        long bytes() throws IOException {
            long n = 0;
            for (Path f : files()) {
                n += Files.size(f);
            }
            return n;
        }

        List<AlignedSource> sources(List<FrameRef> lidarFrames, List<FrameRef> cameraFrames) throws IOException {
            DbcFile dbcFile = DbcParser.parse(Files.readString(dbc));
            CsvMapping imuMapping = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "", "ax", "ay", "az", "gx", "gy", "gz");
            CsvMapping gnssMapping = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "", "lat", "lon", "speed");
            NdjsonMapping perceptionMapping = new NdjsonMapping("/t", TimeUnitScale.NANOSECONDS, "", "/type", "");
            return List.of(
                    new AlignedSource("can", 0, () -> SampleStreams.candump("can", can, dbcFile)),
                    new AlignedSource("imu", 0, () -> SampleStreams.csv("imu", imu, imuMapping)),
                    new AlignedSource("gnss", 0, () -> SampleStreams.csv("gnss", gnss, gnssMapping)),
                    new AlignedSource("perception", 0, () -> SampleStreams.ndjson("perception", perception, perceptionMapping)),
                    new AlignedSource("lidar", 0, () -> SampleStreams.frames("lidar", "top", lidarFrames)),
                    new AlignedSource("camera", 0, () -> SampleStreams.frames("camera", "front", cameraFrames)));
        }

        static Session write(Path dir, long duration) throws IOException {
            Session s = new Session(dir.resolve("vehicle.dbc"), dir.resolve("can.log"), dir.resolve("imu.csv"),
                    dir.resolve("gnss.csv"), dir.resolve("perception.ndjson"), dir.resolve("lidar-index.csv"),
                    dir.resolve("camera-index.ndjson"));
            StringBuilder dbc = new StringBuilder("VERSION \"bench\"\n\nNS_ :\n\nBS_:\n\nBU_: ECU\n\n");
            for (int m = 0; m < MESSAGES; m++) {
                dbc.append("BO_ ").append(0x100 + m).append(" Msg").append(m).append(": 8 ECU\n");
                for (int j = 0; j < SIGNALS; j++) {
                    dbc.append(" SG_ Msg").append(m).append("Sig").append(j).append(" : ").append(12 * j)
                            .append("|12@1+ (0.1,0) [0|409.5] \"\" ECU\n");
                }
                dbc.append('\n');
            }
            Files.writeString(s.dbc, dbc);
            Random noise = new Random(SEED);
            try (Writer can = writer(s.can); Writer imu = writer(s.imu); Writer gnss = writer(s.gnss);
                 Writer perception = writer(s.perception); Writer lidar = writer(s.lidar);
                 Writer camera = writer(s.camera)) {
                imu.write("timestamp,ax,ay,az,gx,gy,gz\n");
                gnss.write("timestamp,lat,lon,speed\n");
                lidar.write("timestamp,path,size\n");
                StringBuilder line = new StringBuilder(256);
                char[] hex = "0123456789ABCDEF".toCharArray();
                long step = 500_000L; // 2,000 CAN frames/s
                long steps = duration / step;
                for (long k = 0; k < steps; k++) {
                    long t = START + k * step;
                    double sec = k * step / 1e9;
                    int m = (int) (k % MESSAGES);
                    long payload = 0;
                    for (int j = 0; j < SIGNALS; j++) {
                        double v = 200 + 150 * Math.sin(2 * Math.PI * sec / (5 + m + 3 * j));
                        payload |= (Math.round(v * 10) & 0xFFFL) << (12 * j);
                    }
                    line.setLength(0);
                    line.append('(');
                    seconds(line, t);
                    line.append(") can0 ").append(Integer.toHexString(0x100 + m).toUpperCase()).append('#');
                    for (int b = 0; b < 8; b++) {
                        int x = (int) (payload >>> (8 * b)) & 0xFF;
                        line.append(hex[x >>> 4]).append(hex[x & 0xF]);
                    }
                    line.append('\n');
                    can.append(line);
                    if (k % 10 == 0) { // 200 Hz
                        line.setLength(0);
                        seconds(line, t);
                        line.append(',').append(fixed(Math.sin(sec) + noise.nextGaussian() * 0.02))
                                .append(',').append(fixed(Math.cos(sec / 3) * 0.5))
                                .append(",9.81,").append(fixed(noise.nextGaussian() * 0.001))
                                .append(',').append(fixed(noise.nextGaussian() * 0.001))
                                .append(',').append(fixed(0.05 * Math.sin(sec / 20))).append('\n');
                        imu.append(line);
                    }
                    if (k % 200 == 0) { // 10 Hz
                        long frame = k / 200;
                        line.setLength(0);
                        seconds(line, t);
                        line.append(',').append(31.2304 + sec * 1e-6).append(',').append(121.4737 + sec * 1e-6)
                                .append(',').append(fixed(15 + 5 * Math.sin(sec / 30))).append('\n');
                        gnss.append(line);
                        line.setLength(0);
                        line.append("{\"t\":").append(t).append(",\"type\":\"objects\",\"objects\":[");
                        for (int o = 0; o < 3; o++) {
                            line.append(o == 0 ? "" : ",").append("{\"id\":").append(o).append(",\"cls\":\"car\",\"x\":")
                                    .append(fixed(10 + o * 5 + Math.sin(sec))).append(",\"y\":")
                                    .append(fixed(o - 1.0)).append('}');
                        }
                        line.append("]}\n");
                        perception.append(line);
                        long lidarTime = t + 2_000_000L, cameraTime = t + 7_000_000L;
                        lidar.append(Long.toString(lidarTime)).append(",lidar/").append(Long.toString(lidarTime))
                                .append(".bin,").append(Long.toString(1_900_000 + frame % 1000 * 16)).append('\n');
                        camera.append("{\"timestamp\":").append(Long.toString(cameraTime / 1000))
                                .append(",\"path\":\"camera/").append(Long.toString(cameraTime / 1000))
                                .append(".jpg\",\"size\":").append(Long.toString(350_000 + frame % 97)).append("}\n");
                    }
                }
            }
            return s;
        }

        private static Writer writer(Path p) throws IOException {
            return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.US_ASCII), 1 << 20);
        }

        private static void seconds(StringBuilder out, long nanos) {
            long micros = (nanos % SECOND) / 1000;
            out.append(nanos / SECOND).append('.');
            String m = Long.toString(micros);
            for (int i = m.length(); i < 6; i++) {
                out.append('0');
            }
            out.append(m);
        }

        private static String fixed(double v) {
            return Double.toString(Math.round(v * 10_000) / 10_000.0);
        }
    }
}
