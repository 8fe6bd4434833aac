package io.fleetloop.edge.collect;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.segment.SegmentDictionary;
import io.fleetloop.formats.segment.SegmentWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a zstd dictionary for clips ({@code edge-agent train-dictionary}): the recording is cut into windows of signal
 * time; every {@code holdOutEvery}-th window is held out, the others give {@link SegmentWriter#trainingSamples} (the same
 * writer settings as {@link ClipWriter}: the DBC, the level), and the held-out windows are written with and without the
 * dictionary to show what it gains. Frames are left out (clips keep them as they are).
 */
public final class DictionaryTraining {

    public static final int DEFAULT_SIZE = 32 * 1024;

    /** Bytes at the source, stored without and with the dictionary, over the held-out windows. */
    public record Result(SegmentDictionary dictionary, int trainingWindows, int heldOutWindows, long rawBytes, long bytesWithout,
                         long bytesWith) {

        public double ratioWithout() {
            return bytesWithout == 0 ? 0 : (double) rawBytes / bytesWithout;
        }

        public double ratioWith() {
            return bytesWith == 0 ? 0 : (double) rawBytes / bytesWith;
        }
    }

    private DictionaryTraining() {
    }

    public static Result train(SignalSource source, DbcFile dbc, double windowSeconds, int size, int level, int holdOutEvery)
            throws IOException {
        if (!(windowSeconds > 0)) throw new IllegalArgumentException("window must be more than 0 s");
        if (holdOutEvery < 2) throw new IllegalArgumentException("hold out every 2nd window or fewer");
        long windowNanos = (long) (windowSeconds * 1e9);
        List<List<Sample>> windows = new ArrayList<>();
        List<Long> rawBytes = new ArrayList<>();
        List<Sample> current = new ArrayList<>();
        long raw = 0;
        long windowStart = Long.MIN_VALUE;
        for (RingBuffer.Entry e = source.next(); e != null; e = source.next()) {
            if (e.sample().value() instanceof SignalSources.Frame) continue;
            if (windowStart == Long.MIN_VALUE) windowStart = e.timestampNanos();
            while (e.timestampNanos() >= windowStart + windowNanos) {
                if (!current.isEmpty()) {
                    windows.add(current);
                    rawBytes.add(raw);
                }
                current = new ArrayList<>();
                raw = 0;
                windowStart += windowNanos;
            }
            current.add(e.sample());
            raw += e.rawBytes();
        }
        if (!current.isEmpty()) {
            windows.add(current);
            rawBytes.add(raw);
        }
        if (windows.size() < 2) throw new IllegalArgumentException("the recording gives " + windows.size() + " window(s): too short to train and test on");
        SegmentWriter plain = writer(dbc, level);
        List<byte[]> samples = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            boolean hold = i % holdOutEvery == holdOutEvery - 1 || (windows.size() < holdOutEvery && i == windows.size() - 1);
            if (hold) heldOut.add(i);
            else samples.addAll(plain.trainingSamples(windows.get(i)));
        }
        SegmentDictionary dictionary = SegmentDictionary.train(samples, size);
        SegmentWriter with = writer(dbc, level).dictionary(dictionary);
        long heldRaw = 0;
        long without = 0;
        long withDictionary = 0;
        for (int i : heldOut) {
            heldRaw += rawBytes.get(i);
            without += plain.write(windows.get(i)).length;
            withDictionary += with.write(windows.get(i)).length;
        }
        return new Result(dictionary, windows.size() - heldOut.size(), heldOut.size(), heldRaw, without, withDictionary);
    }

    private static SegmentWriter writer(DbcFile dbc, int level) {
        SegmentWriter writer = new SegmentWriter().level(Math.max(1, Math.min(22, level)));
        if (dbc != null) writer.dbc(dbc);
        return writer;
    }
}
