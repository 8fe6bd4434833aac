package io.fleetloop.bench;

import io.fleetloop.edge.collect.CollectionAgent;
import io.fleetloop.edge.collect.RingBuffer;
import io.fleetloop.edge.collect.SignalNames;
import io.fleetloop.edge.collect.SignalSource;
import io.fleetloop.edge.collect.SignalSources;
import io.fleetloop.edge.collect.Spool;
import io.fleetloop.formats.dbc.DbcCodec;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.synthetic.SyntheticDrive;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Edge agent memory (issue 14, benchmarks): a 60 s ring buffer fed a CAN bus at {@code -Dbench.framesPerSecond}
 * (default 2,000 frames/s, the synthetic DBC's 8 messages round robin, decoded as the agent does) for
 * {@code -Dbench.seconds} (default 180) of signal time; prints the ring's own byte count and peak, its sample count,
 * and the JVM heap in use after a GC. Fails (2) when the ring exceeds {@code -Dbench.maxMb} (default 256) MB.
 * (The landed → searchable latency with 100 simulated devices needs a running platform; not measured here.)
 */
public final class CollectionBenchmark {

    public static void main(String[] args) throws IOException {
        int fps = Integer.getInteger("bench.framesPerSecond", 2000);
        int seconds = Integer.getInteger("bench.seconds", 180);
        long maxMb = Long.getLong("bench.maxMb", 256);
        DbcFile dbc = SyntheticDrive.dbcFile();
        List<DbcMessage> messages = dbc.messages();
        Path spoolDir = Files.createTempDirectory("collection-bench");
        CollectionAgent agent = new CollectionAgent(new CollectionAgent.Options(60, maxMb * 1024 * 1024, 64L << 20, 3.0, 10_000_000L),
                dbc, SignalNames.defaults(), new Spool(spoolDir, 64L << 20));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long baseline = rt.totalMemory() - rt.freeMemory();
        long frames = (long) fps * seconds;
        long stepNanos = 1_000_000_000L / fps;
        long start = 1_764_000_000_000_000_000L;
        java.util.Random random = new java.util.Random(1);
        long t0 = System.nanoTime();
        StringBuilder line = new StringBuilder();
        SignalSource source = SignalSources.candump(new Reader() {
            long i;
            int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos >= line.length()) {
                    if (i >= frames) return -1;
                    DbcMessage m = messages.get((int) (i % messages.size()));
                    Map<String, Double> values = new HashMap<>();
                    m.signals().forEach(s -> values.put(s.name(), Math.max(s.min(), Math.min(s.max(), s.min() + random.nextDouble() * (s.max() - s.min()) * 0.01))));
                    long t = start + i * stepNanos;
                    line.setLength(0);
                    line.append('(').append(t / 1_000_000_000L).append('.').append(String.format(Locale.ROOT, "%06d", (t % 1_000_000_000L) / 1000))
                            .append(") can0 ").append(String.format("%03X", m.id())).append('#')
                            .append(HexFormat.of().withUpperCase().formatHex(DbcCodec.encode(m, values))).append('\n');
                    pos = 0;
                    i++;
                }
                int n = Math.min(len, line.length() - pos);
                line.getChars(pos, pos + n, buf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        }, dbc);
        for (RingBuffer.Entry e; (e = source.next()) != null; ) agent.accept(e);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory() - baseline;
        RingBuffer ring = agent.ring();
        System.out.printf(Locale.ROOT, "collection: %d frames/s for %d s (%d frames, %.0f frames/s processed)%n", fps, seconds, frames, frames / elapsed);
        System.out.printf(Locale.ROOT, "ring 60 s: %d samples, %.1f MB counted (peak %.1f MB), heap in use after GC %.1f MB%n",
                ring.size(), ring.bytes() / 1e6, ring.peakBytes() / 1e6, heap / 1e6);
        // Baseline: the same 60 s as bare frames in memory (8 B timestamp, 4 B id, 8 B payload each).
        double rawMb = (double) fps * 60 * 20 / 1e6;
        System.out.printf(Locale.ROOT, "baseline: 60 s of bare frames %.1f MB; the ring holds decoded samples at %.1f B each, %.1fx the bare frames%n",
                rawMb, ring.bytes() / (double) Math.max(1, ring.size()), ring.bytes() / 1e6 / rawMb);
        System.exit(ring.peakBytes() <= maxMb * 1024 * 1024 ? 0 : 2);
    }
}
