package io.fleetloop.formats.align;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.TimeUnitScale;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * LiDAR/camera frames by their timestamps: from file names ({@code 1700000000123456789.pcd} in ns, µs or ms by
 * magnitude, or {@code 1700000000.123456.jpg} in seconds) or from a sidecar index (CSV with a header naming
 * {@code path} and {@code timestamp_ns}, optionally {@code size}, {@code format}; or NDJSON objects with the same
 * fields).
 */
public final class FrameIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameIndex() {
    }

    public static List<FrameRef> fromFileNames(List<String> paths) {
        List<FrameRef> refs = new ArrayList<>();
        for (String path : paths) {
            String base = path.substring(path.lastIndexOf('/') + 1);
            int dot = base.lastIndexOf('.');
            String ext = dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
            String stem = dot < 0 ? base : base.substring(0, dot);
            refs.add(new FrameRef(path, timestamp(stem), -1, ext));
        }
        refs.sort(Comparator.comparingLong(FrameRef::timestampNanos));
        return refs;
    }

    static long timestamp(String stem) {
        if (stem.contains(".")) {
            return TimeUnitScale.SECONDS.toNanos(stem);
        }
        long n = Long.parseLong(stem);
        if (n >= 100_000_000_000_000_000L) {
            return n;
        }
        if (n >= 100_000_000_000_000L) {
            return n * 1_000;
        }
        if (n >= 100_000_000_000L) {
            return n * 1_000_000;
        }
        return n * 1_000_000_000;
    }

    public static List<FrameRef> fromSidecar(Reader csvOrNdjson) {
        try (BufferedReader in = new BufferedReader(csvOrNdjson)) {
            List<FrameRef> refs = new ArrayList<>();
            List<String> header = null;
            String line;
            while ((line = in.readLine()) != null) {
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.startsWith("{")) {
                    JsonNode n = JSON.readTree(s);
                    String path = n.path("path").asText();
                    refs.add(new FrameRef(path, n.path("timestamp_ns").asLong(), n.path("size").asLong(-1),
                            n.path("format").asText(extension(path))));
                } else if (header == null) {
                    header = Arrays.stream(s.split(",")).map(String::strip).toList();
                } else {
                    String[] f = s.split(",", -1);
                    String path = f[header.indexOf("path")].strip();
                    int size = header.indexOf("size");
                    int format = header.indexOf("format");
                    refs.add(new FrameRef(path, Long.parseLong(f[header.indexOf("timestamp_ns")].strip()),
                            size < 0 ? -1 : Long.parseLong(f[size].strip()),
                            format < 0 ? extension(path) : f[format].strip()));
                }
            }
            refs.sort(Comparator.comparingLong(FrameRef::timestampNanos));
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
