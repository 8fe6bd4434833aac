package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.csv.CsvSampleReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.mcap.McapQuery;
import io.fleetloop.formats.mcap.McapReader;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import io.fleetloop.formats.ndjson.NdjsonSampleReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/** Adapters from this module's readers to {@link SampleStream}. */
public final class SampleStreams {

    private SampleStreams() {
    }

    public static SampleStream of(String sourceName, Iterator<Sample> samples, Supplier<List<SourceError>> errors,
                                  Closeable onClose) {
        return new SampleStream() {
            public String sourceName() {
                return sourceName;
            }

            public List<SourceError> errors() {
                return List.copyOf(errors.get());
            }

            public boolean hasNext() {
                return samples.hasNext();
            }

            public Sample next() {
                return samples.next();
            }

            public void close() throws IOException {
                if (onClose != null) {
                    onClose.close();
                }
            }
        };
    }

    public static SampleStream candump(String name, Reader candump, DbcFile dbc) {
        CandumpReader frames = new CandumpReader(candump);
        CanSignalDecoder decoder = new CanSignalDecoder(dbc, frames);
        return of(name, decoder, () -> {
            List<SourceError> all = new ArrayList<>(frames.errors());
            all.addAll(decoder.errors());
            return all;
        }, frames);
    }

    public static SampleStream csv(String name, Reader r, CsvMapping m) {
        try {
            CsvSampleReader reader = new CsvSampleReader(r, m);
            return of(name, reader, reader::errors, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SampleStream ndjson(String name, Reader r, NdjsonMapping m) {
        NdjsonSampleReader reader = new NdjsonSampleReader(r, m);
        return of(name, reader, reader::errors, reader);
    }

    public static SampleStream mcap(String name, Path file) {
        try {
            McapReader reader = McapReader.open(file);
            return of(name, reader.samples(McapQuery.all()), reader::errors, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SampleStream frames(String name, String channel, List<FrameRef> frames) {
        Iterator<FrameRef> refs = frames.stream()
                .sorted(java.util.Comparator.comparingLong(FrameRef::timestampNanos)).iterator();
        Iterator<Sample> samples = new Iterator<>() {
            public boolean hasNext() {
                return refs.hasNext();
            }

            public Sample next() {
                FrameRef f = refs.next();
                return new Sample(channel, f.timestampNanos(), f);
            }
        };
        return of(name, samples, List::of, null);
    }
}
