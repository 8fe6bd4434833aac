package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.SourceFormatException;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.csv.CsvSampleReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.mcap.McapQuery;
import io.fleetloop.formats.mcap.McapReader;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import io.fleetloop.formats.ndjson.NdjsonSampleReader;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * Turns the module's readers into {@link SampleStream}s. Every stream opens its source lazily (on the first
 * {@link SampleStream#hasNext()}, so a {@link SampleStream#skipTo} hint can still be used) and never throws: a source
 * that cannot be opened, or throws mid-way, ends with an error (position + reason) and {@link SampleStream#failed()}.
 * The {@code Path} variants of the text formats seek (binary search on the time-ordered file) when given a hint;
 * error line numbers after such a seek are counted from the byte offset where reading started, which the reason says.
 */
public final class SampleStreams {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private SampleStreams() {
    }

    /** Wraps any sample iterator: its errors come from {@code errors}, {@code onClose} (may be null) is closed at the end. */
    public static SampleStream of(String sourceName, Iterator<Sample> samples, Supplier<List<SourceError>> errors,
                                  Closeable onClose) {
        return new Guarded(sourceName, skip -> new Opened(samples, errors, onClose));
    }

    /** A source that could not be opened: no samples, one error. */
    public static SampleStream failed(String sourceName, SourceError error) {
        return new Guarded(sourceName, skip -> {
            throw new SourceFormatException(error);
        });
    }

    /** A candump log decoded with a DBC: channels {@code Message.Signal}; bad lines and undecodable frames are reported. */
    public static SampleStream candump(String name, Reader candump, DbcFile dbc) {
        return new Guarded(name, skip -> candumpOpened(candump, dbc, null));
    }

    /** As {@link #candump(String, Reader, DbcFile)} from a file, seeking on a {@link SampleStream#skipTo} hint. */
    public static SampleStream candump(String name, Path candump, DbcFile dbc) {
        return new Guarded(name, skip -> {
            long offset = skip == Long.MIN_VALUE ? 0 : TextSeek.offsetOf(candump, 0, skip, SampleStreams::candumpTime);
            return candumpOpened(TextSeek.reader(candump, offset), dbc, offset == 0 ? null : offset);
        });
    }

    /** A CSV with a header: a header without the mapped columns fails the source (line 1, the missing columns). */
    public static SampleStream csv(String name, Reader r, CsvMapping m) {
        return new Guarded(name, skip -> csvOpened(r, m, null));
    }

    /** As {@link #csv(String, Reader, CsvMapping)} from a file, seeking on a {@link SampleStream#skipTo} hint. */
    public static SampleStream csv(String name, Path file, CsvMapping m) {
        return new Guarded(name, skip -> {
            if (skip == Long.MIN_VALUE) {
                return csvOpened(Files.newBufferedReader(file, StandardCharsets.UTF_8), m, null);
            }
            String header;
            try (BufferedReader head = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                header = head.readLine();
            }
            if (header == null) {
                return csvOpened(new StringReader(""), m, null);
            }
            Pattern split = Pattern.compile(Pattern.quote(String.valueOf(m.delimiter())));
            int timeIndex = Arrays.stream(split.split(header.replace("\uFEFF", ""), -1)).map(String::strip).toList()
                    .indexOf(m.timeColumn());
            if (timeIndex < 0) { // let the reader report the missing columns
                return csvOpened(Files.newBufferedReader(file, StandardCharsets.UTF_8), m, null);
            }
            long dataStart = header.getBytes(StandardCharsets.UTF_8).length + 1L;
            long offset = TextSeek.offsetOf(file, dataStart, skip, line -> {
                String[] f = split.split(line, -1);
                return f.length > timeIndex ? m.timeUnit().toNanos(f[timeIndex]) : Long.MIN_VALUE;
            });
            Reader body = TextSeek.reader(file, offset);
            Reader withHeader = new TextSeek.PrefixedReader(header + "\n", body);
            return csvOpened(withHeader, m, offset == dataStart ? null : offset);
        });
    }

    /** An NDJSON log (perception objects, trajectories, control commands): values are Jackson nodes. */
    public static SampleStream ndjson(String name, Reader r, NdjsonMapping m) {
        return new Guarded(name, skip -> {
            NdjsonSampleReader reader = new NdjsonSampleReader(r, m);
            return new Opened(reader, reader::errors, reader);
        });
    }

    /** As {@link #ndjson(String, Reader, NdjsonMapping)} from a file, seeking on a {@link SampleStream#skipTo} hint. */
    public static SampleStream ndjson(String name, Path file, NdjsonMapping m) {
        return new Guarded(name, skip -> {
            long offset = skip == Long.MIN_VALUE ? 0 : TextSeek.offsetOf(file, 0, skip, line -> {
                com.fasterxml.jackson.databind.JsonNode time;
                try {
                    time = JSON.readTree(line).at(m.timePointer());
                } catch (IOException e) {
                    return Long.MIN_VALUE;
                }
                return time.isNumber() || time.isTextual() ? m.timeUnit().toNanos(time.asText()) : Long.MIN_VALUE;
            });
            NdjsonSampleReader reader = new NdjsonSampleReader(TextSeek.reader(file, offset), m);
            Long seek = offset == 0 ? null : offset;
            return new Opened(reader, () -> TextSeek.relative(reader.errors(), seek), reader);
        });
    }

    /** All channels (topics) of an MCAP file; a {@link SampleStream#skipTo} hint reads only chunks from that time. */
    public static SampleStream mcap(String name, Path file) {
        return new Guarded(name, skip -> {
            McapReader reader = McapReader.open(file);
            long from = skip == Long.MIN_VALUE ? 0 : Math.max(0, skip);
            return new Opened(reader.samples(new McapQuery(Set.of(), from, Long.MAX_VALUE)), reader::errors, reader);
        });
    }

    /** Frames (camera images, point clouds) by reference on one channel, in time order; values are {@link FrameRef}s. */
    public static SampleStream frames(String name, String channel, List<FrameRef> frames) {
        List<FrameRef> sorted = frames.stream().sorted(Comparator.comparingLong(FrameRef::timestampNanos)).toList();
        return new Guarded(name, skip -> {
            int start = 0;
            if (skip != Long.MIN_VALUE) {
                int lo = 0, hi = sorted.size();
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (sorted.get(mid).timestampNanos() < skip) lo = mid + 1; else hi = mid;
                }
                start = lo;
            }
            Iterator<FrameRef> it = sorted.subList(start, sorted.size()).iterator();
            Iterator<Sample> samples = new Iterator<>() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public Sample next() {
                    FrameRef f = it.next();
                    return new Sample(channel, f.timestampNanos(), f);
                }
            };
            return new Opened(samples, List::of, null);
        });
    }

    private static Opened candumpOpened(Reader in, DbcFile dbc, Long seekOffset) {
        CandumpReader frames = new CandumpReader(in);
        CanSignalDecoder decoder = new CanSignalDecoder(dbc, frames);
        return new Opened(decoder, () -> {
            List<SourceError> all = new ArrayList<>(TextSeek.relative(frames.errors(), seekOffset));
            all.addAll(decoder.errors());
            return all;
        }, frames);
    }

    private static Opened csvOpened(Reader in, CsvMapping m, Long seekOffset) throws IOException {
        try {
            CsvSampleReader reader = new CsvSampleReader(in, m);
            return new Opened(reader, () -> TextSeek.relative(reader.errors(), seekOffset), reader);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static long candumpTime(String line) {
        int open = line.indexOf('(');
        int close = line.indexOf(')');
        if (open < 0 || close < open) {
            return Long.MIN_VALUE;
        }
        return TimeUnitScale.SECONDS.toNanos(line.substring(open + 1, close));
    }

    /** What an opened source gives: its samples, its errors, what to close. */
    record Opened(Iterator<Sample> samples, Supplier<List<SourceError>> errors, Closeable onClose) {
    }

    @FunctionalInterface
    interface Opener {
        /** {@code skipTo}: Long.MIN_VALUE when no hint was given. */
        Opened open(long skipTo) throws IOException;
    }

    /** Opens lazily, turns every exception into an error that ends the stream. */
    static final class Guarded implements SampleStream {
        private final String name;
        private final Opener opener;
        private final List<SourceError> own = new ArrayList<>();
        private long skipTo = Long.MIN_VALUE;
        private Opened opened;
        private boolean failed;
        private boolean closed;
        private long delivered;

        Guarded(String name, Opener opener) {
            this.name = name;
            this.opener = opener;
        }

        @Override
        public String sourceName() {
            return name;
        }

        @Override
        public void skipTo(long timestampNanos) {
            if (opened == null) {
                skipTo = timestampNanos;
            }
        }

        @Override
        public boolean failed() {
            return failed;
        }

        @Override
        public List<SourceError> errors() {
            List<SourceError> all = new ArrayList<>();
            if (opened != null) {
                try {
                    all.addAll(opened.errors().get());
                } catch (RuntimeException e) {
                    all.add(SourceError.atRecord(delivered, "errors unavailable: " + e));
                }
            }
            all.addAll(own);
            return all;
        }

        @Override
        public boolean hasNext() {
            if (failed || closed) {
                return false;
            }
            if (opened == null) {
                try {
                    opened = opener.open(skipTo);
                } catch (SourceFormatException e) {
                    return fail(e.error());
                } catch (IOException | RuntimeException e) {
                    return fail(SourceError.atByte(0, "cannot open: " + describe(e)));
                }
            }
            try {
                return opened.samples().hasNext();
            } catch (RuntimeException e) {
                return fail(SourceError.atRecord(delivered + 1, "reading stopped after " + delivered + " samples: "
                        + describe(e)));
            }
        }

        @Override
        public Sample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                Sample s = opened.samples().next();
                delivered++;
                return s;
            } catch (RuntimeException e) {
                fail(SourceError.atRecord(delivered + 1, "reading stopped after " + delivered + " samples: " + describe(e)));
                throw new NoSuchElementException(name + " failed: " + describe(e));
            }
        }

        private boolean fail(SourceError error) {
            failed = true;
            own.add(error);
            close();
            return false;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (opened != null && opened.onClose() != null) {
                try {
                    opened.onClose().close();
                } catch (IOException | RuntimeException e) {
                    own.add(SourceError.atRecord(delivered, "close failed: " + describe(e)));
                }
            }
        }

        private static String describe(Throwable e) {
            Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    /** Binary search of a time-ordered text file for the line where reading should start. */
    static final class TextSeek {
        private TextSeek() {
        }

        /** A byte offset (a line start, >= dataStart) before which every line is earlier than {@code target}. */
        static long offsetOf(Path file, long dataStart, long target, ToLongFunction<String> time) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long lo = dataStart, hi = ch.size();
                long[] at = firstTimedLine(ch, lo, time);
                if (at == null || at[1] >= target) {
                    return dataStart;
                }
                long best = at[0];
                while (hi - lo > 8 * 1024) {
                    long mid = lo + (hi - lo) / 2;
                    long[] m = firstTimedLine(ch, mid, time);
                    if (m == null || m[1] >= target) {
                        hi = mid;
                    } else {
                        lo = mid;
                        best = m[0];
                    }
                }
                return best;
            }
        }

        /** {line start, timestamp} of the first whole line at or after {@code from} with a timestamp, or null. */
        private static long[] firstTimedLine(FileChannel ch, long from, ToLongFunction<String> time) throws IOException {
            long start = Math.max(0, from - 1);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                // fill
            }
            byte[] bytes = buf.array();
            int length = buf.position();
            int i = 0;
            if (from > 0) { // bytes[0] is the byte before from: a line starts at from only after a newline
                while (i < length && bytes[i] != '\n') {
                    i++;
                }
                i++;
            }
            while (i < length) {
                int end = i;
                while (end < length && bytes[end] != '\n') {
                    end++;
                }
                if (end == length) {
                    return null; // no whole line left in the window
                }
                String line = new String(bytes, i, end - i, StandardCharsets.ISO_8859_1).strip();
                try {
                    long t = line.isEmpty() ? Long.MIN_VALUE : time.applyAsLong(line);
                    if (t != Long.MIN_VALUE) {
                        return new long[] {start + i, t};
                    }
                } catch (RuntimeException e) {
                    // not a data line: try the next
                }
                i = end + 1;
            }
            return null;
        }

        static Reader reader(Path file, long offset) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            return new BufferedReader(Channels.newReader(ch, StandardCharsets.UTF_8), 64 * 1024);
        }

        static List<SourceError> relative(List<SourceError> errors, Long seekOffset) {
            if (seekOffset == null) {
                return errors;
            }
            return errors.stream().map(e -> e.unit() == SourceError.Unit.LINE
                    ? SourceError.atLine(e.position(), e.reason() + " (line counted from byte offset " + seekOffset
                    + ", where reading started)") : e).toList();
        }

        /** A fixed text, then a reader (the CSV header before the seeked body). */
        static final class PrefixedReader extends Reader {
            private final Reader prefix;
            private final Reader rest;
            private boolean prefixDone;

            PrefixedReader(String prefix, Reader rest) {
                this.prefix = new StringReader(prefix);
                this.rest = rest;
            }

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                if (!prefixDone) {
                    int n = prefix.read(buf, off, len);
                    if (n > 0) {
                        return n;
                    }
                    prefixDone = true;
                }
                return rest.read(buf, off, len);
            }

            @Override
            public void close() throws IOException {
                rest.close();
            }
        }
    }
}
