package io.fleetloop.formats.align;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a frame's header says, read without the payload: point clouds give a point count (and the PCD fields),
 * images their width and height ({@code -1} where it does not apply).
 */
public record FrameInfo(String format, long points, List<String> fields, int width, int height) {

    public FrameInfo {
        fields = List.copyOf(fields);
    }

    /** Reads the header of a .pcd, .bin (KITTI), .jpg/.jpeg or .png file, by its extension. */
    public static FrameInfo read(Path file) throws IOException {
        String format = extension(file.getFileName().toString());
        if (format.equals("bin")) {
            return kittiBin(Files.size(file));
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            return read(format, in);
        }
    }

    /** Reads a header from a stream, for formats whose header is inside the file (pcd, jpg/jpeg, png). */
    public static FrameInfo read(String format, InputStream in) throws IOException {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "pcd" -> pcd(in);
            case "jpg", "jpeg" -> jpeg(in);
            case "png" -> png(in);
            default -> throw new IOException("unsupported frame format '" + format + "' (pcd, bin, jpg, png)");
        };
    }

    /** KITTI velodyne .bin: float32 x, y, z, reflectance per point, no header; the size gives the count. */
    public static FrameInfo kittiBin(long sizeBytes) throws IOException {
        if (sizeBytes % 16 != 0) {
            throw new IOException("KITTI .bin of " + sizeBytes + " bytes is not a multiple of 16 (4 float32 per point)");
        }
        return new FrameInfo("bin", sizeBytes / 16, List.of("x", "y", "z", "intensity"), -1, -1);
    }

    /** PCD (point cloud library) header: FIELDS and POINTS (or WIDTH × HEIGHT), up to the DATA line. */
    static FrameInfo pcd(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1024);
        List<String> fields = List.of();
        long points = -1, width = -1, height = 1;
        for (int lines = 0; lines < 64; lines++) {
            String line = r.readLine();
            if (line == null) {
                break;
            }
            String[] t = line.strip().split("\\s+");
            switch (t[0].toUpperCase(Locale.ROOT)) {
                case "FIELDS" -> fields = Arrays.asList(t).subList(1, t.length);
                case "POINTS" -> points = number(t, line);
                case "WIDTH" -> width = number(t, line);
                case "HEIGHT" -> height = number(t, line);
                case "DATA" -> {
                    long n = points >= 0 ? points : width >= 0 ? width * height : -1;
                    if (n < 0) {
                        throw new IOException("PCD header without POINTS or WIDTH");
                    }
                    return new FrameInfo("pcd", n, fields, -1, -1);
                }
                default -> { }
            }
        }
        throw new IOException("PCD header without a DATA line in its first 64 lines");
    }

    /** JPEG: the first start-of-frame marker (SOF0..SOF15 but DHT/JPG/DAC) gives height and width. */
    static FrameInfo jpeg(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readUnsignedShort() != 0xFFD8) {
            throw new IOException("not a JPEG: no SOI marker");
        }
        while (true) {
            int b = in.readUnsignedByte();
            if (b != 0xFF) {
                throw new IOException("corrupt JPEG: expected a marker, got 0x" + Integer.toHexString(b));
            }
            int marker = in.readUnsignedByte();
            while (marker == 0xFF) {
                marker = in.readUnsignedByte();
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                continue; // no length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new IOException("JPEG without a start-of-frame marker before the image data");
            }
            int length = in.readUnsignedShort();
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                in.readUnsignedByte(); // precision
                int height = in.readUnsignedShort();
                int width = in.readUnsignedShort();
                return new FrameInfo("jpg", -1, List.of(), width, height);
            }
            skip(in, length - 2);
        }
    }

    /** PNG: signature, then IHDR with width and height (big-endian). */
    static FrameInfo png(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] signature = new byte[8];
        in.readFully(signature);
        if (!Arrays.equals(signature, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            throw new IOException("not a PNG: wrong signature");
        }
        in.readInt(); // IHDR length
        byte[] type = new byte[4];
        in.readFully(type);
        if (!new String(type, StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new IOException("PNG without IHDR as first chunk");
        }
        int width = in.readInt();
        int height = in.readInt();
        return new FrameInfo("png", -1, List.of(), width, height);
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static long number(String[] t, String line) throws IOException {
        try {
            return Long.parseLong(t[1]);
        } catch (RuntimeException e) {
            throw new IOException("bad PCD header line '" + line + "'");
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("JPEG ends inside a segment");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
