package io.fleetloop.edge.collect;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.candump.CanFrame;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.csv.CsvSampleReader;
import io.fleetloop.formats.dbc.DbcCodec;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import io.fleetloop.formats.ndjson.NdjsonSampleReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * The pluggable sources of the edge agent, built on the signal-formats readers: a candump log decoded with a DBC (channel
 * {@code Message.Signal}), a CSV or NDJSON stream, a directory of camera/LiDAR frames (one file per frame, named by its
 * timestamp in nanoseconds, stored as they are), and a merge of several by timestamp.
 */
public final class SignalSources {

    private SignalSources() {
    }

    /** A candump log ({@code candump -l} format) decoded with {@code dbc}; each signal carries its share of the line's bytes. */
    public static SignalSource candump(Reader log, DbcFile dbc) {
        BufferedReader lines = new BufferedReader(log);
        return new SignalSource() {
            final ArrayDeque<RingBuffer.Entry> ready = new ArrayDeque<>();
            final Map<String, String> names = new java.util.HashMap<>();

            @Override
            public RingBuffer.Entry next() throws IOException {
                while (ready.isEmpty()) {
                    String line = lines.readLine();
                    if (line == null) return null;
                    if (line.isBlank()) continue;
                    CanFrame frame;
                    try {
                        frame = CandumpReader.parse(line);
                    } catch (RuntimeException e) {
                        continue; // a damaged line: skipped, as the reader does
                    }
                    DbcMessage message = dbc.message(frame.id(), frame.extended()).orElse(null);
                    if (message == null || frame.remote()) continue;
                    Map<String, Double> values;
                    try {
                        values = DbcCodec.decode(message, frame.data());
                    } catch (DbcCodec.CodecException e) {
                        continue;
                    }
                    int share = Math.max(1, (line.length() + 1) / Math.max(1, values.size()));
                    values.forEach((signal, value) -> ready.add(new RingBuffer.Entry(new Sample(
                            names.computeIfAbsent(message.name() + "." + signal, k -> k), frame.timestampNanos(), value), share)));
                }
                return ready.poll();
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    /** A CSV stream: the time column in {@code unit}, each listed column a channel {@code prefix + column}. */
    public static SignalSource csv(Path file, String timeColumn, TimeUnitScale unit, String prefix, String... columns) throws IOException {
        long bytes = Files.size(file);
        CsvSampleReader reader = new CsvSampleReader(Files.newBufferedReader(file), CsvMapping.of(timeColumn, unit, prefix, columns));
        return fromIterator(reader, reader, bytes);
    }

    /** An NDJSON stream, one object per line. */
    public static SignalSource ndjson(Path file, NdjsonMapping mapping) throws IOException {
        long bytes = Files.size(file);
        NdjsonSampleReader reader = new NdjsonSampleReader(Files.newBufferedReader(file), mapping);
        return fromIterator(reader, reader, bytes);
    }

    /** Camera/LiDAR frames: files in {@code dir} named {@code <timestampNanos>.<ext>}, in time order, values the file bytes. */
    public static SignalSource frames(Path dir, String channel) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("\\d+\\.[A-Za-z0-9]+"))
                    .sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\..*", ""))))
                    .toList();
        }
        Iterator<Path> it = files.iterator();
        return () -> {
            if (!it.hasNext()) return null;
            Path p = it.next();
            byte[] bytes = Files.readAllBytes(p);
            long t = Long.parseLong(p.getFileName().toString().replaceAll("\\..*", ""));
            return new RingBuffer.Entry(new Sample(channel, t, new Frame(p.getFileName().toString(), bytes)), bytes.length);
        };
    }

    /** A frame of a frame directory: stored as it is (its own codec), never recompressed. */
    public record Frame(String fileName, byte[] bytes) {
    }

    /** Several sources as one, merged by timestamp (ties: the order of the list). */
    public static SignalSource merge(List<SignalSource> sources) throws IOException {
        record Head(RingBuffer.Entry entry, int index) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> a.entry.timestampNanos() != b.entry.timestampNanos()
                ? Long.compare(a.entry.timestampNanos(), b.entry.timestampNanos()) : Integer.compare(a.index, b.index));
        List<SignalSource> list = new ArrayList<>(sources);
        for (int i = 0; i < list.size(); i++) {
            RingBuffer.Entry first = list.get(i).next();
            if (first != null) heads.add(new Head(first, i));
        }
        return new SignalSource() {
            @Override
            public RingBuffer.Entry next() throws IOException {
                Head head = heads.poll();
                if (head == null) return null;
                RingBuffer.Entry following = list.get(head.index).next();
                if (following != null) heads.add(new Head(following, head.index));
                return head.entry;
            }

            @Override
            public void close() throws IOException {
                for (SignalSource s : list) s.close();
            }
        };
    }

    private static SignalSource fromIterator(Iterator<Sample> samples, java.io.Closeable closeable, long totalBytes) {
        return new SignalSource() {
            long count;

            @Override
            public RingBuffer.Entry next() {
                if (!samples.hasNext()) return null;
                count++;
                return new RingBuffer.Entry(samples.next(), 16); // per-value share of a text row (approximate)
            }

            @Override
            public void close() throws IOException {
                closeable.close();
            }
        };
    }
}
