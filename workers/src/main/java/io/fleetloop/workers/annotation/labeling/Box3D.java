package io.fleetloop.workers.annotation.labeling;

import java.util.Arrays;

/**
 * An upright 3D box in the LiDAR frame: centre {@code x, y, z}, {@code length} along the heading, {@code width}
 * across it, {@code height} along z (metres), {@code yaw} the heading's angle from x towards y (radians).
 */
public record Box3D(double x, double y, double z, double length, double width, double height, double yaw,
                    String category, double confidence) {

    public Box3D {
        if (!(length >= 0 && width >= 0 && height >= 0) || !Double.isFinite(length + width + height)) {
            throw new IllegalArgumentException("box dimensions must be finite and >= 0: " + length + " x " + width + " x " + height);
        }
        if (!Double.isFinite(x + y + z + yaw)) throw new IllegalArgumentException("box centre and yaw must be finite");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        if (category == null || category.isBlank()) throw new IllegalArgumentException("category is required");
    }

    public double zMin() {
        return z - height / 2;
    }

    public double zMax() {
        return z + height / 2;
    }

    public double bevArea() {
        return length * width;
    }

    public double volume() {
        return length * width * height;
    }

    /** The footprint's corners, counter-clockwise: {@code x0, y0, x1, y1, ...}. */
    public double[] bevCorners() {
        double c = Math.cos(yaw), s = Math.sin(yaw);
        double hl = length / 2, hw = width / 2;
        double[] corners = new double[8];
        double[][] local = {{hl, hw}, {-hl, hw}, {-hl, -hw}, {hl, -hw}};
        for (int k = 0; k < 4; k++) {
            corners[2 * k] = x + local[k][0] * c - local[k][1] * s;
            corners[2 * k + 1] = y + local[k][0] * s + local[k][1] * c;
        }
        return corners;
    }

    /** Area where the two footprints overlap. */
    public double bevIntersectionArea(Box3D other) {
        double reach = Math.hypot(length, width) / 2 + Math.hypot(other.length, other.width) / 2;
        if (Math.abs(x - other.x) > reach || Math.abs(y - other.y) > reach) return 0;
        return ConvexPolygons.area(ConvexPolygons.clip(bevCorners(), other.bevCorners()));
    }

    /** Intersection over union of the footprints (bird's-eye view). */
    public double iouBev(Box3D other) {
        double intersection = bevIntersectionArea(other);
        double union = bevArea() + other.bevArea() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** Intersection over union of the volumes: footprint overlap times overlap along z. */
    public double iou3d(Box3D other) {
        double zOverlap = Math.min(zMax(), other.zMax()) - Math.max(zMin(), other.zMin());
        if (zOverlap <= 0) return 0;
        double intersection = bevIntersectionArea(other) * zOverlap;
        double union = volume() + other.volume() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** Convex polygons as flat {@code x0, y0, x1, y1, ...} arrays, counter-clockwise. */
    static final class ConvexPolygons {

        private ConvexPolygons() {
        }

        /** Sutherland–Hodgman: {@code subject} clipped by each edge of the convex {@code clip} polygon. */
        static double[] clip(double[] subject, double[] clip) {
            double[] output = subject;
            int clipVertices = clip.length / 2;
            for (int e = 0; e < clipVertices && output.length > 0; e++) {
                double ax = clip[2 * e], ay = clip[2 * e + 1];
                double bx = clip[(2 * e + 2) % clip.length], by = clip[(2 * e + 3) % clip.length];
                double[] input = output;
                double[] next = new double[input.length + 4];
                int written = 0;
                int n = input.length / 2;
                for (int i = 0; i < n; i++) {
                    double px = input[2 * i], py = input[2 * i + 1];
                    double qx = input[(2 * i + 2) % input.length], qy = input[(2 * i + 3) % input.length];
                    double sideP = cross(ax, ay, bx, by, px, py);
                    double sideQ = cross(ax, ay, bx, by, qx, qy);
                    boolean pInside = sideP >= 0, qInside = sideQ >= 0;
                    if (pInside) {
                        next = ensure(next, written + 2);
                        next[written++] = px;
                        next[written++] = py;
                    }
                    if (pInside != qInside) {
                        double t = sideP / (sideP - sideQ);
                        next = ensure(next, written + 2);
                        next[written++] = px + t * (qx - px);
                        next[written++] = py + t * (qy - py);
                    }
                }
                output = Arrays.copyOf(next, written);
            }
            return output;
        }

        /** Shoelace formula; positive for counter-clockwise polygons. */
        static double area(double[] polygon) {
            double twice = 0;
            int n = polygon.length / 2;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                twice += polygon[2 * i] * polygon[2 * j + 1] - polygon[2 * j] * polygon[2 * i + 1];
            }
            return Math.abs(twice) / 2;
        }

        /** > 0 when p is left of the directed line a→b. */
        private static double cross(double ax, double ay, double bx, double by, double px, double py) {
            return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        }

        private static double[] ensure(double[] array, int length) {
            return length <= array.length ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
        }
    }
}
