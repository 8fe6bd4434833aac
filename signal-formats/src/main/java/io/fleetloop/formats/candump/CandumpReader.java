package io.fleetloop.formats.candump;

import io.fleetloop.formats.LineSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;

/**
 * Streams the frames of a {@code candump -l} log (can-utils), one line at a time:
 * <pre>
 * (1436509052.249713) can0 123#DEADBEEF        classic frame, 11-bit id (3 hex digits)
 * (1436509052.249713) can0 12345678#0011       29-bit id (8 hex digits)
 * (1436509052.249713) can0 123#R               remote frame (also 123#R5: 5 bytes requested)
 * (1436509052.249713) can0 123##1DEADBEEF      CAN FD: flags nibble, then data (up to 64 bytes)
 * </pre>
 * A line that is not a frame (garbage, bad hex, too much data) is counted and reported with its line number and
 * the reason; reading goes on. Empty lines and {@code #} comments are skipped silently.
 */
public final class CandumpReader extends LineSource<CanFrame> {

    private static final Set<Integer> FD_LENGTHS = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64);

    public CandumpReader(Reader reader) {
        super(reader, 0);
    }

    public static CandumpReader open(Path path) throws IOException {
        return new CandumpReader(Files.newBufferedReader(path, StandardCharsets.US_ASCII));
    }

    public long skippedLines() {
        return skipped();
    }

    @Override
    protected void line(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#")) {
            return;
        }
        try {
            emit(parse(trimmed));
        } catch (IllegalArgumentException e) {
            skip(e.getMessage());
        }
    }

    /** Parses one log line; throws IllegalArgumentException with the reason. Public for the simulator and tests. */
    public static CanFrame parse(String line) {
        String[] parts = fields(line);
        // can-utils may append a direction flag (R/T) after the frame; anything else extra is garbage.
        if (parts.length < 3 || parts.length > 4 || (parts.length == 4 && !(parts[3].equals("R") || parts[3].equals("T")))) {
            throw new IllegalArgumentException("expected '(seconds.fraction) interface id#data', got '" + abbreviate(line) + "'");
        }
        long timestamp = timestamp(parts[0]);
        String frame = parts[2];
        int hash = frame.indexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("no '#' between id and data in '" + abbreviate(frame) + "'");
        }
        String idText = frame.substring(0, hash);
        boolean extended;
        if (idText.length() == 3) {
            extended = false;
        } else if (idText.length() == 8) {
            extended = true;
        } else {
            throw new IllegalArgumentException("CAN id must be 3 or 8 hex digits, got '" + idText + "'");
        }
        int id = hex(idText, "CAN id");
        if (!extended && id > 0x7FF) {
            throw new IllegalArgumentException("11-bit CAN id out of range: " + idText);
        }
        if (extended && Integer.compareUnsigned(id, 0x1FFFFFFF) > 0) {
            throw new IllegalArgumentException("29-bit CAN id out of range (error frame?): " + idText);
        }
        String rest = frame.substring(hash + 1);
        if (rest.startsWith("#")) {
            if (rest.length() < 2) {
                throw new IllegalArgumentException("CAN FD frame without flags nibble: '" + frame + "'");
            }
            int flags = hex(rest.substring(1, 2), "CAN FD flags");
            byte[] data = data(rest.substring(2));
            if (!FD_LENGTHS.contains(data.length)) {
                throw new IllegalArgumentException("CAN FD frame with " + data.length + " data bytes (not a valid FD length)");
            }
            return new CanFrame(timestamp, parts[1], id, extended, false, 0, true, flags, data);
        }
        if (rest.startsWith("R") || rest.startsWith("r")) {
            int length = rest.length() > 1 ? hex(rest.substring(1, 2), "remote frame length") : 0;
            if (length > 8) {
                throw new IllegalArgumentException("remote frame length " + length + " > 8");
            }
            return new CanFrame(timestamp, parts[1], id, extended, true, length, false, 0, new byte[0]);
        }
        int dlcSuffix = rest.indexOf('_'); // "_<dlc>" marks a raw DLC 9..F on an 8-byte classic frame
        byte[] data = data(dlcSuffix >= 0 ? rest.substring(0, dlcSuffix) : rest);
        if (data.length > 8) {
            throw new IllegalArgumentException("classic CAN frame with " + data.length + " data bytes (max 8)");
        }
        return new CanFrame(timestamp, parts[1], id, extended, false, 0, false, 0, data);
    }

    /** The whitespace-separated fields of a stripped line (at most 5: more than 4 is garbage anyway). */
    private static String[] fields(String line) {
        String[] out = new String[5];
        int n = 0, i = 0, length = line.length();
        while (i < length && n < 5) {
            while (i < length && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out[n++] = line.substring(start, i);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean digits(String s, int min, int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long timestamp(String text) {
        if (text.length() < 3 || text.charAt(0) != '(' || text.charAt(text.length() - 1) != ')') {
            throw new IllegalArgumentException("timestamp must be '(seconds.fraction)', got '" + abbreviate(text) + "'");
        }
        String inner = text.substring(1, text.length() - 1);
        int dot = inner.indexOf('.');
        String seconds = dot < 0 ? inner : inner.substring(0, dot);
        String fraction = dot < 0 ? "" : inner.substring(dot + 1);
        if (!digits(seconds, 1, 10) || !digits(fraction, 0, 9)) {
            throw new IllegalArgumentException("bad timestamp '" + inner + "'");
        }
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
        return Long.parseLong(seconds) * 1_000_000_000L + nanos;
    }

    private static byte[] data(String hex) {
        String digits = hex.replace(".", ""); // cansend-style separators
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits in data '" + abbreviate(hex) + "'");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data is not hex: '" + abbreviate(hex) + "'");
        }
    }

    private static int hex(String text, String what) {
        try {
            return (int) Long.parseLong(text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not hex: '" + text + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
