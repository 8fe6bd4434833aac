package io.fleetloop.workers.annotation.labeling;

/**
 * Finds stray returns (dust, rain, multipath): points with no other point in the 3×3×3 block of voxels around
 * their own. Left in, one of them next to an object stretches its box and lifts its top.
 */
final class IsolatedPoints {

    private IsolatedPoints() {
    }

    /**
     * @param x      bird's-eye x of the points
     * @param y      ... y
     * @param height heights above ground, within {@code [0, maxPointHeight]}
     * @return which points are isolated
     */
    static boolean[] find(float[] x, float[] y, float[] height, int n, LidarLabelerSettings settings) {
        double voxel = settings.isolationVoxelSize();
        double x0 = settings.cropXMin(), y0 = -settings.cropYAbs();
        int nx = (int) Math.ceil((settings.cropXMax() - settings.cropXMin()) / voxel) + 1;
        int ny = (int) Math.ceil(2 * settings.cropYAbs() / voxel) + 1;
        int nz = (int) Math.ceil(settings.maxPointHeight() / voxel) + 1;
        int[] voxelOf = new int[n];
        short[] count = new short[nx * ny * nz];
        for (int i = 0; i < n; i++) {
            int ix = clamp((int) ((x[i] - x0) / voxel), nx), iy = clamp((int) ((y[i] - y0) / voxel), ny);
            int iz = clamp((int) (height[i] / voxel), nz);
            voxelOf[i] = (ix * ny + iy) * nz + iz;
            if (count[voxelOf[i]] < Short.MAX_VALUE) count[voxelOf[i]]++;
        }
        boolean[] isolated = new boolean[n];
        for (int i = 0; i < n; i++) {
            int v = voxelOf[i];
            if (count[v] > 1) continue;
            int iz = v % nz, iy = (v / nz) % ny, ix = v / nz / ny;
            int others = -1; // the point itself is counted in its own voxel
            for (int dx = -1; dx <= 1 && others <= 0; dx++) {
                for (int dy = -1; dy <= 1 && others <= 0; dy++) {
                    for (int dz = -1; dz <= 1; dz++) {
                        int jx = ix + dx, jy = iy + dy, jz = iz + dz;
                        if (jx < 0 || jy < 0 || jz < 0 || jx >= nx || jy >= ny || jz >= nz) continue;
                        others += count[(jx * ny + jy) * nz + jz];
                    }
                }
            }
            isolated[i] = others <= 0;
        }
        return isolated;
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }
}
