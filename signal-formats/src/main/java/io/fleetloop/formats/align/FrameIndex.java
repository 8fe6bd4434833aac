package io.fleetloop.formats.align;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.TimeUnitScale;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camera and LiDAR frames by their timestamps: from file names ({@code 1436509052249713000.bin} nanoseconds,
 * {@code 1436509052249713.pcd} microseconds, {@code 1436509052249.jpg} milliseconds, {@code 1436509052.png} or
 * {@code frame_1436509052.249713.jpg} seconds — an integer's unit is decided by its digit count: 9–11 s, 12–14 ms,
 * 15–17 µs, 18–19 ns; the last number in the name counts), or from a sidecar index (CSV {@code timestamp,path[,size]}
 * with a header — also {@code timestamp_ns}-style names and {@code file} for {@code path} —, or NDJSON {@code {"timestamp":..,"path":..,"size":..}}, timestamps by the same rule). Frames come
 * sorted by time; names or lines without a timestamp are reported, not fatal.
 */
public final class FrameIndex {

    /** The frames found and the names or lines that gave none (position = 1-based item or line, reason). */
    public record Result(List<FrameRef> frames, List<SourceError> errors) {
    }

    private static final Pattern NUMBER = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameIndex() {
    }

    public static List<FrameRef> fromFileNames(List<String> paths) {
        return fromFileNamesWithErrors(paths).frames();
    }

    public static Result fromFileNamesWithErrors(List<String> paths) {
        List<FrameRef> frames = new ArrayList<>();
        List<SourceError> errors = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            String name = path.substring(path.lastIndexOf('/') + 1);
            String format = FrameInfo.extension(name);
            String stem = format.isEmpty() ? name : name.substring(0, name.length() - format.length() - 1);
            try {
                frames.add(new FrameRef(path, timestampOf(stem), -1, format));
            } catch (IllegalArgumentException e) {
                errors.add(SourceError.atRecord(i + 1, path + ": " + e.getMessage()));
            }
        }
        frames.sort(Comparator.comparingLong(FrameRef::timestampNanos));
        return new Result(List.copyOf(frames), List.copyOf(errors));
    }

    public static List<FrameRef> fromSidecar(Reader csvOrNdjson) {
        return fromSidecarWithErrors(csvOrNdjson).frames();
    }

    /**
     * Reads a sidecar index; bad lines are reported by line number. A CSV header without {@code timestamp} and
     * {@code path} throws IllegalArgumentException; a failing reader UncheckedIOException.
     */
    public static Result fromSidecarWithErrors(Reader csvOrNdjson) {
        try {
            return sidecar(csvOrNdjson);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Result sidecar(Reader csvOrNdjson) throws IOException {
        BufferedReader in = csvOrNdjson instanceof BufferedReader b ? b : new BufferedReader(csvOrNdjson);
        List<FrameRef> frames = new ArrayList<>();
        List<SourceError> errors = new ArrayList<>();
        String line;
        long number = 0;
        int timeIndex = -1, pathIndex = -1, sizeIndex = -1;
        Boolean json = null;
        while ((line = in.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (json == null) {
                json = text.startsWith("{");
                if (!json) { // the CSV header
                    List<String> header = Arrays.stream(text.replace("\uFEFF", "").split(",", -1)).map(String::strip)
                            .toList();
                    timeIndex = columnOf(header, "timestamp");
                    pathIndex = header.indexOf("path") >= 0 ? header.indexOf("path") : header.indexOf("file");
                    sizeIndex = header.indexOf("size");
                    if (timeIndex < 0 || pathIndex < 0) {
                        throw new IllegalArgumentException("line " + number + ": sidecar CSV header needs 'timestamp' and 'path' columns,"
                                + " got " + header);
                    }
                    continue;
                }
            }
            try {
                String path, time;
                long size = -1;
                if (json) {
                    JsonNode node = JSON.readTree(text);
                    if (!node.path("path").isTextual() || !(node.path("timestamp").isNumber()
                            || node.path("timestamp").isTextual())) {
                        throw new IllegalArgumentException("needs \"timestamp\" and \"path\"");
                    }
                    path = node.get("path").asText();
                    time = node.get("timestamp").asText();
                    if (node.path("size").isNumber()) {
                        size = node.get("size").asLong();
                    }
                } else {
                    String[] f = text.split(",", -1);
                    if (f.length <= Math.max(timeIndex, Math.max(pathIndex, sizeIndex))) {
                        throw new IllegalArgumentException("expected at least "
                                + (Math.max(timeIndex, Math.max(pathIndex, sizeIndex)) + 1) + " fields, got " + f.length);
                    }
                    path = f[pathIndex].strip();
                    time = f[timeIndex].strip();
                    if (sizeIndex >= 0 && !f[sizeIndex].isBlank()) {
                        size = Long.parseLong(f[sizeIndex].strip());
                    }
                }
                String name = path.substring(path.lastIndexOf('/') + 1);
                frames.add(new FrameRef(path, parseTimestamp(time), size, FrameInfo.extension(name)));
            } catch (IOException | IllegalArgumentException e) {
                errors.add(SourceError.atLine(number, e.getMessage()));
            }
        }
        frames.sort(Comparator.comparingLong(FrameRef::timestampNanos));
        return new Result(List.copyOf(frames), List.copyOf(errors));
    }

    /**
     * The column named {@code name}, else the first one that starts with it (a unit suffix such as {@code timestamp_ns}:
     * the unit is read from the value's digit count anyway).
     */
    private static int columnOf(List<String> header, String name) {
        int exact = header.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).toLowerCase(java.util.Locale.ROOT).startsWith(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The last number in a file name's stem, as a timestamp (unit by digit count, or seconds with a fraction). */
    static long timestampOf(String stem) {
        Matcher m = NUMBER.matcher(stem);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        if (last == null) {
            throw new IllegalArgumentException("no timestamp in the file name");
        }
        return parseTimestamp(last);
    }

    /** "1436509052.249713" → seconds; an integer by its digit count (9–11 s, 12–14 ms, 15–17 µs, 18–19 ns). */
    public static long parseTimestamp(String text) {
        Matcher m = NUMBER.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timestamp: '" + text + "'");
        }
        int digits = m.group(1).length();
        if (m.group(2) != null) {
            if (digits < 9 || digits > 11) {
                throw new IllegalArgumentException("'" + text + "': seconds with a fraction need 9 to 11 integer digits");
            }
            return TimeUnitScale.SECONDS.toNanos(text);
        }
        TimeUnitScale unit;
        if (digits >= 9 && digits <= 11) {
            unit = TimeUnitScale.SECONDS;
        } else if (digits <= 14 && digits >= 12) {
            unit = TimeUnitScale.MILLISECONDS;
        } else if (digits <= 17 && digits >= 15) {
            unit = TimeUnitScale.MICROSECONDS;
        } else if (digits <= 19 && digits >= 18) {
            unit = TimeUnitScale.NANOSECONDS;
        } else {
            throw new IllegalArgumentException("'" + text + "' has " + digits
                    + " digits: not an epoch timestamp (9-11 s, 12-14 ms, 15-17 µs, 18-19 ns)");
        }
        return unit.toNanos(text);
    }
}
