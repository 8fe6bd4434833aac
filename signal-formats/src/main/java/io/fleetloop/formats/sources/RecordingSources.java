package io.fleetloop.formats.sources;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.align.FrameIndex;
import io.fleetloop.formats.align.SampleStream;
import io.fleetloop.formats.align.SampleStreams;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opens one recorded source as a {@link SampleStream} by its kind and reader options, reading its bytes through
 * {@link Objects} (text formats streamed; MCAP, which needs seeking, copied to a temporary file deleted on close).
 *
 * <p>Kinds and options: {@code CAN} (candump log; {@code dbcAssetId} names the DBC), {@code IMU}/{@code GNSS} (CSV;
 * {@code timeColumn} default {@code timestamp}, {@code timeUnit} default SECONDS, {@code columns} comma-separated,
 * default every other column, {@code delimiter}), {@code PERCEPTION}/{@code DECISION} (NDJSON; {@code timePointer}
 * default {@code /timestamp_ns}, {@code timeUnit} default NANOSECONDS, {@code channelPointer} default {@code /type},
 * {@code channelPrefix}, {@code valuePointer}), {@code LIDAR}/{@code CAMERA} (a frame index: CSV or NDJSON sidecar with
 * {@code path}, {@code timestamp_ns}; {@code channel} default {@code frames}), {@code MCAP}.
 */
public final class RecordingSources {

    /** Where a source's bytes come from, by asset id. */
    public interface Objects {
        InputStream open(String assetId) throws IOException;
    }

    /** Kinds that are read as sample streams (a DBC is only referenced by a CAN source). */
    public static final List<String> STREAM_KINDS = List.of("MCAP", "CAN", "IMU", "GNSS", "PERCEPTION", "DECISION", "LIDAR", "CAMERA");

    private RecordingSources() {
    }

    public static SampleStream open(String name, String kind, String assetId, Map<String, String> options, Objects objects) {
        try {
            return switch (kind) {
                case "CAN" -> {
                    String dbcAsset = options.get("dbcAssetId");
                    if (dbcAsset == null) {
                        throw new IllegalArgumentException("a CAN source needs the option dbcAssetId");
                    }
                    DbcFile dbc;
                    try (Reader r = reader(objects.open(dbcAsset))) {
                        dbc = DbcParser.parse(r);
                    }
                    yield SampleStreams.candump(name, reader(objects.open(assetId)), dbc);
                }
                case "IMU", "GNSS" -> {
                    BufferedReader r = reader(objects.open(assetId));
                    yield SampleStreams.csv(name, r, csvMapping(r, options));
                }
                case "PERCEPTION", "DECISION" -> SampleStreams.ndjson(name, reader(objects.open(assetId)), new NdjsonMapping(
                        options.getOrDefault("timePointer", "/timestamp_ns"),
                        TimeUnitScale.valueOf(options.getOrDefault("timeUnit", "NANOSECONDS").toUpperCase(Locale.ROOT)),
                        options.getOrDefault("channelPrefix", ""), options.getOrDefault("channelPointer", "/type"),
                        options.getOrDefault("valuePointer", "")));
                case "LIDAR", "CAMERA" -> {
                    try (Reader r = reader(objects.open(assetId))) {
                        yield SampleStreams.frames(name, options.getOrDefault("channel", "frames"), FrameIndex.fromSidecar(r));
                    }
                }
                case "MCAP" -> {
                    Path tmp = Files.createTempFile("fleetloop-source-", ".mcap");
                    try (InputStream in = objects.open(assetId)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        SampleStream s = SampleStreams.mcap(name, tmp);
                        yield SampleStreams.of(name, s, s::errors, () -> {
                            try {
                                s.close();
                            } finally {
                                Files.deleteIfExists(tmp);
                            }
                        });
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(tmp);
                        throw e;
                    }
                }
                default -> throw new IllegalArgumentException(kind + " is not a readable source kind");
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The mapping from options, its default columns read from the header (the reader is reset to the start). */
    private static CsvMapping csvMapping(BufferedReader r, Map<String, String> options) throws IOException {
        char delimiter = options.getOrDefault("delimiter", ",").charAt(0);
        String timeColumn = options.getOrDefault("timeColumn", "timestamp");
        TimeUnitScale unit = TimeUnitScale.valueOf(options.getOrDefault("timeUnit", "SECONDS").toUpperCase(Locale.ROOT));
        List<String> columns;
        if (options.containsKey("columns")) {
            columns = Arrays.stream(options.get("columns").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } else {
            r.mark(1 << 16);
            String header = r.readLine();
            r.reset();
            columns = header == null ? List.of() : Arrays.stream(header.replace("\uFEFF", "")
                    .split(java.util.regex.Pattern.quote(String.valueOf(delimiter)))).map(String::strip)
                    .filter(c -> !c.isEmpty() && !c.equals(timeColumn)).toList();
        }
        if (columns.isEmpty()) {
            throw new io.fleetloop.formats.SourceFormatException(SourceError.atLine(1, "no value column in the header"));
        }
        Map<String, String> channels = new LinkedHashMap<>();
        columns.forEach(c -> channels.put(c, c));
        return new CsvMapping(timeColumn, unit, channels, delimiter);
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** First and last timestamp (offset added) and count of a source, read once; null bounds when it has no sample. */
    public record Extent(Long firstNanos, Long lastNanos, long samples, List<SourceError> errors) {
    }

    public static Extent scan(SampleStream stream, long offsetNanos) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long n = 0;
        while (stream.hasNext()) {
            Sample s = stream.next();
            long t = s.timestampNanos() + offsetNanos;
            first = Math.min(first, t);
            last = Math.max(last, t);
            n++;
        }
        return new Extent(n == 0 ? null : first, n == 0 ? null : last, n, stream.errors());
    }
}
