package io.fleetloop.edge.collect;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcSignal;
import io.fleetloop.formats.segment.SegmentDictionary;
import io.fleetloop.formats.segment.SegmentInfo;
import io.fleetloop.formats.segment.SegmentReader;
import io.fleetloop.formats.segment.SegmentWriter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a cut window as the clip's files: the signals as one compressed segment ({@code signals.flsg}, the
 * signal-formats segment codec at the rule's zstd level, with the rule's trained dictionary if it names one, DBC signals
 * as raw integers), and the frames of each frame
 * channel stored as they are in one uncompressed tar ({@code <channel>.tar}). The ratio is reported per modality: the
 * bytes the samples took at their source (their share of the candump lines, CSV rows, frame files) over the bytes stored.
 */
public final class ClipWriter {

    /** {@code dictionaryId}: zstd's id of the trained dictionary {@code signals.flsg} was written with, or null. */
    public record Written(Map<String, byte[]> files, List<Spool.ClipFile> described, Map<String, Spool.ModalityRatio> ratios,
                          Long dictionaryId) {
    }

    private final DbcFile dbc;
    private final Set<String> dbcChannels = new HashSet<>();

    public ClipWriter(DbcFile dbc) {
        this.dbc = dbc;
        if (dbc != null) {
            for (DbcMessage m : dbc.messages()) {
                for (DbcSignal s : m.signals()) {
                    if (s.valueType() == DbcSignal.ValueType.INTEGER) dbcChannels.add(m.name() + "." + s.name());
                }
            }
        }
    }

    public Written write(List<RingBuffer.Entry> window, int level) {
        return write(window, level, null);
    }

    /** With a trained dictionary (null: none), the segment can be read only with it ({@code new SegmentReader(dictionary)}). */
    public Written write(List<RingBuffer.Entry> window, int level, SegmentDictionary dictionary) {
        List<Sample> samples = new ArrayList<>();
        Map<String, long[]> rawByModality = new LinkedHashMap<>(); // samples, raw bytes
        Map<String, List<SignalSources.Frame>> frames = new LinkedHashMap<>();
        Map<String, Long> frameTimes = new LinkedHashMap<>();
        for (RingBuffer.Entry e : window) {
            if (e.sample().value() instanceof SignalSources.Frame frame) {
                frames.computeIfAbsent(e.sample().channel(), k -> new ArrayList<>()).add(frame);
                frameTimes.put(e.sample().channel() + "/" + frame.fileName(), e.timestampNanos());
                continue;
            }
            samples.add(e.sample());
            long[] acc = rawByModality.computeIfAbsent(modality(e.sample().channel()), k -> new long[2]);
            acc[0]++;
            acc[1] += e.rawBytes();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Spool.ModalityRatio> ratios = new LinkedHashMap<>();
        if (!samples.isEmpty()) {
            SegmentWriter writer = new SegmentWriter().level(Math.max(1, Math.min(22, level)));
            if (dbc != null) writer.dbc(dbc);
            if (dictionary != null) writer.dictionary(dictionary);
            byte[] segment = writer.write(samples);
            files.put("signals.flsg", segment);
            SegmentInfo info;
            try {
                info = SegmentReader.info(segment);
            } catch (io.fleetloop.formats.segment.SegmentFormatException e) {
                throw new IllegalStateException("the segment just written does not read back", e);
            }
            long rawTotal = 0;
            for (var m : rawByModality.entrySet()) {
                long stored = info.blocks().stream().filter(b -> b.name().equals(m.getKey())).mapToLong(SegmentInfo.Block::compressedBytes).sum();
                ratios.put(m.getKey(), new Spool.ModalityRatio(m.getValue()[0], m.getValue()[1], stored,
                        stored == 0 ? 0 : (double) m.getValue()[1] / stored));
                rawTotal += m.getValue()[1];
            }
            ratios.put("signals (whole segment)", new Spool.ModalityRatio(samples.size(), rawTotal, segment.length,
                    (double) rawTotal / segment.length));
        }
        for (var channel : frames.entrySet()) {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            long raw = 0;
            for (SignalSources.Frame f : channel.getValue()) {
                Tar.add(tar, frameTimes.get(channel.getKey() + "/" + f.fileName()) + "-" + f.fileName(), f.bytes());
                raw += f.bytes().length;
            }
            Tar.finish(tar);
            byte[] bytes = tar.toByteArray();
            String name = channel.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".tar";
            files.put(name, bytes);
            ratios.put(channel.getKey() + " (frames, as-is)", new Spool.ModalityRatio(channel.getValue().size(), raw, bytes.length,
                    (double) raw / bytes.length));
        }
        List<Spool.ClipFile> described = new ArrayList<>();
        files.forEach((name, bytes) -> described.add(new Spool.ClipFile(name, bytes.length, sha256(bytes), null, List.of(), null, false)));
        return new Written(files, described, ratios, dictionary != null && files.containsKey("signals.flsg") ? dictionary.id() : null);
    }

    private String modality(String channel) {
        if (dbcChannels.contains(channel)) return "can";
        int dot = channel.indexOf('.');
        return dot > 0 ? channel.substring(0, dot) : "other";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A minimal POSIX ustar writer: regular files only, no compression. */
    static final class Tar {
        static void add(ByteArrayOutputStream out, String name, byte[] content) {
            byte[] header = new byte[512];
            put(header, 0, name.length() > 99 ? name.substring(name.length() - 99) : name, 100);
            put(header, 100, "0000644", 8);
            put(header, 108, "0000000", 8);
            put(header, 116, "0000000", 8);
            put(header, 124, String.format("%011o", content.length), 12);
            put(header, 136, String.format("%011o", 0), 12);
            for (int i = 148; i < 156; i++) header[i] = ' ';
            header[156] = '0';
            put(header, 257, "ustar", 6);
            put(header, 263, "00", 2);
            long sum = 0;
            for (byte b : header) sum += b & 0xFF;
            put(header, 148, String.format("%06o", sum), 7);
            header[155] = ' ';
            out.writeBytes(header);
            out.writeBytes(content);
            int pad = (512 - content.length % 512) % 512;
            out.writeBytes(new byte[pad]);
        }

        static void finish(ByteArrayOutputStream out) {
            out.writeBytes(new byte[1024]);
        }

        private static void put(byte[] header, int offset, String value, int length) {
            byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
        }
    }
}
