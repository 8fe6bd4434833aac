package io.fleetloop.workers.annotation.labeling;

import java.util.Arrays;
import java.util.function.BiPredicate;

/**
 * Joins the pieces of an object that something nearer cuts in two: a pole or a pedestrian in front of a parked car
 * leaves a gap in the car's points, and clustering alone sees two objects. Two clusters are joined when they are
 * side by side at about the same range, the gap between them in azimuth is covered by nearer points, and together
 * they are still no bigger than a car.
 */
final class OcclusionMerge {

    /** Clusters with fewer points are noise, not pieces. */
    private static final int MIN_PIECE_POINTS = 3;
    /** How much nearer than both pieces an occluder must be, metres. */
    private static final double OCCLUDER_MARGIN = 0.5;
    /** Share of the gap's azimuth bins that must hold a nearer point. */
    private static final double COVERED_SHARE = 0.75;
    /** Pieces further apart in range than this are not one object, metres. */
    private static final double MAX_RANGE_DIFFERENCE = 3.0;
    /** Pieces of one object reach about the same height, metres. */
    private static final double MAX_TOP_DIFFERENCE = 0.5;
    /** The joined pieces must fit in this bird's-eye diagonal, metres (a long car). */
    private static final double MAX_JOINED_DIAGONAL = 6.0;

    private OcclusionMerge() {
    }

    /**
     * @param clusterOf each point's cluster, as {@link BevClustering#cluster} returns it (count in element {@code n});
     *                  rewritten in place with the joined numbering
     * @param oneObject the last word on whether two clusters (by their original numbers) may be one object
     */
    static void merge(float[] x, float[] y, float[] height, int n, int[] clusterOf, LidarLabelerSettings settings,
                      BiPredicate<Integer, Integer> oneObject) {
        int clusters = clusterOf[n];
        if (clusters < 2 || settings.maxOccludedGap() <= 0) return;
        double bin = Math.toRadians(settings.azimuthBinDegrees());
        int bins = (int) Math.ceil(2 * Math.PI / bin);
        float[] nearest = new float[bins];
        Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        Piece[] pieces = new Piece[clusters];
        for (int c = 0; c < clusters; c++) pieces[c] = new Piece(c);
        for (int i = 0; i < n; i++) {
            double azimuth = Math.atan2(y[i], x[i]);
            float range = (float) Math.hypot(x[i], y[i]);
            int b = Math.min(bins - 1, (int) ((azimuth + Math.PI) / bin));
            nearest[b] = Math.min(nearest[b], range);
            pieces[clusterOf[i]].add(x[i], y[i], height[i], azimuth, range);
        }

        Piece[] byAzimuth = Arrays.stream(pieces)
                .filter(p -> p.points >= MIN_PIECE_POINTS && p.azimuthMax - p.azimuthMin < Math.PI / 2)
                .sorted((a, b) -> Double.compare(a.azimuthMin, b.azimuthMin)).toArray(Piece[]::new);
        int[] parent = new int[clusters];
        for (int c = 0; c < clusters; c++) parent[c] = c;
        for (int i = 0; i < byAzimuth.length; i++) {
            Piece a = byAzimuth[i];
            for (int j = i + 1; j < byAzimuth.length; j++) {
                Piece b = byAzimuth[j];
                double gap = b.azimuthMin - a.azimuthMax; // grows along byAzimuth
                if (gap * Math.max(1, a.rangeMin - MAX_RANGE_DIFFERENCE) > settings.maxOccludedGap()) break;
                double nearer = Math.min(a.rangeMin, b.rangeMin);
                if (gap <= 0 || gap * nearer > settings.maxOccludedGap()
                        || Math.abs(a.rangeMin - b.rangeMin) > MAX_RANGE_DIFFERENCE
                        || Math.abs(a.top - b.top) > MAX_TOP_DIFFERENCE) continue;
                int first = (int) ((a.azimuthMax + Math.PI) / bin) + 1, last = (int) ((b.azimuthMin + Math.PI) / bin) - 1;
                if (last < first) continue; // a gap narrower than a bin is a gap in the object, not a shadow
                int covered = 0;
                for (int k = first; k <= last; k++) if (nearest[k] < nearer - OCCLUDER_MARGIN) covered++;
                if (covered < COVERED_SHARE * (last - first + 1)) continue;
                int ra = find(parent, a.cluster), rb = find(parent, b.cluster);
                if (ra == rb || pieces[ra].joinedDiagonal(pieces[rb]) > MAX_JOINED_DIAGONAL) continue;
                if (!oneObject.test(a.cluster, b.cluster)) continue;
                parent[rb] = ra;
                pieces[ra].absorb(pieces[rb]);
            }
        }

        int[] renumbered = new int[clusters];
        Arrays.fill(renumbered, -1);
        int count = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, clusterOf[i]);
            if (renumbered[root] < 0) renumbered[root] = count++;
            clusterOf[i] = renumbered[root];
        }
        clusterOf[n] = count;
    }

    private static int find(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    /** A cluster's extent in azimuth, range and bird's-eye box. */
    private static final class Piece {
        final int cluster;
        int points;
        double azimuthMin = Double.POSITIVE_INFINITY, azimuthMax = Double.NEGATIVE_INFINITY;
        double rangeMin = Double.POSITIVE_INFINITY;
        double top = Double.NEGATIVE_INFINITY;
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;

        Piece(int cluster) {
            this.cluster = cluster;
        }

        void add(double x, double y, double height, double azimuth, double range) {
            points++;
            top = Math.max(top, height);
            azimuthMin = Math.min(azimuthMin, azimuth);
            azimuthMax = Math.max(azimuthMax, azimuth);
            rangeMin = Math.min(rangeMin, range);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }

        double joinedDiagonal(Piece o) {
            return Math.hypot(Math.max(maxX, o.maxX) - Math.min(minX, o.minX), Math.max(maxY, o.maxY) - Math.min(minY, o.minY));
        }

        /** Takes in the other's box (azimuths and ranges stay this piece's: they only pick candidates). */
        void absorb(Piece o) {
            points += o.points;
            minX = Math.min(minX, o.minX);
            maxX = Math.max(maxX, o.maxX);
            minY = Math.min(minY, o.minY);
            maxY = Math.max(maxY, o.maxY);
        }
    }
}
