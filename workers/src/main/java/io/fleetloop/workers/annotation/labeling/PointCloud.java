package io.fleetloop.workers.annotation.labeling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A LiDAR point cloud held as primitive arrays (x forward, y left, z up, in metres; reflectance as recorded).
 * Reads and writes the KITTI velodyne {@code .bin} layout: little-endian float32 quadruples x, y, z, reflectance,
 * nothing else — so a file's length must be a multiple of 16 bytes.
 */
public final class PointCloud {

    public static final int BYTES_PER_POINT = 16;
    /** About 40 KITTI frames' worth; a larger file is more likely a wrong asset than a point cloud. */
    public static final int DEFAULT_MAX_POINTS = 5_000_000;

    private static final VarHandle LE_FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK_BYTES = 64 * 1024;

    private final float[] x;
    private final float[] y;
    private final float[] z;
    private final float[] reflectance;
    private final int size;

    private PointCloud(float[] x, float[] y, float[] z, float[] reflectance, int size) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.reflectance = reflectance;
        this.size = size;
    }

    /** A cloud over copies of the given arrays, which must have the same length. */
    public static PointCloud of(float[] x, float[] y, float[] z, float[] reflectance) {
        int n = x.length;
        if (y.length != n || z.length != n || reflectance.length != n) {
            throw new IllegalArgumentException("x, y, z and reflectance must have the same length");
        }
        return new PointCloud(x.clone(), y.clone(), z.clone(), reflectance.clone(), n);
    }

    public static PointCloud empty() {
        return new PointCloud(new float[0], new float[0], new float[0], new float[0], 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a KITTI {@code .bin} stream of at most {@link #DEFAULT_MAX_POINTS} points. */
    public static PointCloud readKittiBin(InputStream in) throws IOException {
        return readKittiBin(in, DEFAULT_MAX_POINTS);
    }

    /**
     * Reads a KITTI {@code .bin} stream chunk by chunk (the stream is not closed).
     *
     * @throws InvalidPointCloudException if the length is not a multiple of 16 bytes or the stream holds more
     *                                    than {@code maxPoints} points (detected without reading further)
     */
    public static PointCloud readKittiBin(InputStream in, int maxPoints) throws IOException {
        Builder points = new Builder();
        byte[] chunk = new byte[CHUNK_BYTES];
        int pending = 0; // bytes of an incomplete point carried over to the next read
        long total = 0;
        int read;
        while ((read = in.read(chunk, pending, chunk.length - pending)) != -1) {
            total += read;
            int available = pending + read;
            int whole = available / BYTES_PER_POINT;
            if (points.size + whole > maxPoints) {
                throw new InvalidPointCloudException("point cloud has more than " + maxPoints + " points (read "
                        + total + " bytes so far); refusing to load it");
            }
            points.ensureCapacity(points.size + whole);
            for (int p = 0, offset = 0; p < whole; p++, offset += BYTES_PER_POINT) {
                int i = points.size++;
                points.x[i] = (float) LE_FLOAT.get(chunk, offset);
                points.y[i] = (float) LE_FLOAT.get(chunk, offset + 4);
                points.z[i] = (float) LE_FLOAT.get(chunk, offset + 8);
                points.reflectance[i] = (float) LE_FLOAT.get(chunk, offset + 12);
            }
            pending = available - whole * BYTES_PER_POINT;
            System.arraycopy(chunk, whole * BYTES_PER_POINT, chunk, 0, pending);
        }
        if (pending != 0) {
            throw new InvalidPointCloudException("KITTI .bin length " + total + " bytes is not a multiple of "
                    + BYTES_PER_POINT + " (float32 x, y, z, reflectance per point)");
        }
        return points.build();
    }

    /** Writes this cloud as KITTI {@code .bin} (the stream is not closed). */
    public void writeKittiBin(OutputStream out) throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            LE_FLOAT.set(chunk, offset, x[i]);
            LE_FLOAT.set(chunk, offset + 4, y[i]);
            LE_FLOAT.set(chunk, offset + 8, z[i]);
            LE_FLOAT.set(chunk, offset + 12, reflectance[i]);
            offset += BYTES_PER_POINT;
            if (offset == chunk.length) {
                out.write(chunk, 0, offset);
                offset = 0;
            }
        }
        out.write(chunk, 0, offset);
    }

    /** This cloud as the bytes of a KITTI {@code .bin} file. */
    public byte[] toKittiBin() {
        var bytes = new ByteArrayOutputStream(Math.toIntExact((long) size * BYTES_PER_POINT));
        try {
            writeKittiBin(bytes);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    public int size() {
        return size;
    }

    public float x(int i) {
        return x[i];
    }

    public float y(int i) {
        return y[i];
    }

    public float z(int i) {
        return z[i];
    }

    public float reflectance(int i) {
        return reflectance[i];
    }

    /** Thrown for bytes that are not a readable KITTI point cloud. */
    public static final class InvalidPointCloudException extends IllegalArgumentException {
        InvalidPointCloudException(String message) {
            super(message);
        }
    }

    /** Collects points into growing arrays, for generators and tests. */
    public static final class Builder {
        private float[] x = new float[1024];
        private float[] y = new float[1024];
        private float[] z = new float[1024];
        private float[] reflectance = new float[1024];
        private int size;

        private Builder() {
        }

        public Builder add(float px, float py, float pz, float pr) {
            ensureCapacity(size + 1);
            x[size] = px;
            y[size] = py;
            z[size] = pz;
            reflectance[size] = pr;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        public PointCloud build() {
            return new PointCloud(Arrays.copyOf(x, size), Arrays.copyOf(y, size), Arrays.copyOf(z, size),
                    Arrays.copyOf(reflectance, size), size);
        }

        private void ensureCapacity(int needed) {
            if (needed <= x.length) return;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needed, x.length * 2L));
            x = Arrays.copyOf(x, capacity);
            y = Arrays.copyOf(y, capacity);
            z = Arrays.copyOf(z, capacity);
            reflectance = Arrays.copyOf(reflectance, capacity);
        }
    }
}
