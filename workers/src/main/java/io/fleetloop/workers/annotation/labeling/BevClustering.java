package io.fleetloop.workers.annotation.labeling;

import java.util.Arrays;

/**
 * Euclidean clustering in bird's-eye view, in time linear in the points: points are bucketed into a dense grid,
 * occupied cells closer than the link distance are joined (union–find), and each connected set of cells is a
 * cluster. The link distance grows with range because a spinning LiDAR's points spread out with distance.
 */
final class BevClustering {

    private BevClustering() {
    }

    /**
     * @param px     x of the points to cluster
     * @param py     y of the points to cluster
     * @param n      how many of them
     * @return for each point, its cluster's number; clusters are numbered 0..k-1 in order of first appearance,
     * and the returned array's element {@code n} holds k
     */
    static int[] cluster(float[] px, float[] py, int n, LidarLabelerSettings settings) {
        double cell = settings.clusterCellSize();
        double x0 = settings.cropXMin(), y0 = -settings.cropYAbs();
        int nx = (int) Math.ceil((settings.cropXMax() - settings.cropXMin()) / cell) + 1;
        int ny = (int) Math.ceil(2 * settings.cropYAbs() / cell) + 1;

        int[] cellOfPoint = new int[n];
        int[] compact = new int[nx * ny]; // grid cell -> 1 + its index among occupied cells, 0 when empty
        int[] occupiedCells = new int[Math.min(n, nx * ny)];
        int occupied = 0;
        for (int i = 0; i < n; i++) {
            int ix = Math.min(nx - 1, Math.max(0, (int) ((px[i] - x0) / cell)));
            int iy = Math.min(ny - 1, Math.max(0, (int) ((py[i] - y0) / cell)));
            int c = ix * ny + iy;
            if (compact[c] == 0) {
                occupiedCells[occupied] = c;
                compact[c] = ++occupied;
            }
            cellOfPoint[i] = compact[c] - 1;
        }

        int[] parent = new int[occupied];
        for (int k = 0; k < occupied; k++) parent[k] = k;
        for (int k = 0; k < occupied; k++) {
            int c = occupiedCells[k];
            int ix = c / ny, iy = c % ny;
            double cx = x0 + (ix + 0.5) * cell, cy = y0 + (iy + 0.5) * cell;
            double link = settings.clusterLinkDistance() + settings.clusterLinkDistancePerMetre() * Math.hypot(cx, cy);
            int reach = (int) Math.floor(link / cell);
            double reachSquared = (link / cell) * (link / cell);
            // the forward half of the window: every pair of cells is looked at once, from the earlier one
            for (int dx = 0; dx <= reach && ix + dx < nx; dx++) {
                for (int dy = dx == 0 ? 1 : -reach; dy <= reach; dy++) {
                    int jy = iy + dy;
                    if (jy < 0 || jy >= ny || dx * dx + dy * dy > reachSquared) continue;
                    int other = compact[(ix + dx) * ny + jy];
                    if (other != 0) union(parent, k, other - 1);
                }
            }
        }

        int[] label = new int[occupied];
        Arrays.fill(label, -1);
        int[] result = new int[n + 1];
        int clusters = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, cellOfPoint[i]);
            if (label[root] < 0) label[root] = clusters++;
            result[i] = label[root];
        }
        result[n] = clusters;
        return result;
    }

    private static int find(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
