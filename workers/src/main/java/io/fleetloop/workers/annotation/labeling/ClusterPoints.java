package io.fleetloop.workers.annotation.labeling;

/** The points of each cluster, found by a counting sort of the points by cluster number. */
final class ClusterPoints {

    private final int[] start;
    private final int[] order;

    /** @param clusterOf each point's cluster, with the number of clusters in element {@code n} */
    ClusterPoints(int[] clusterOf, int n) {
        int clusters = clusterOf[n];
        start = new int[clusters + 1];
        for (int i = 0; i < n; i++) start[clusterOf[i] + 1]++;
        for (int c = 0; c < clusters; c++) start[c + 1] += start[c];
        order = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) order[fill[clusterOf[i]]++] = i;
    }

    int count() {
        return start.length - 1;
    }

    int size(int cluster) {
        return start[cluster + 1] - start[cluster];
    }

    /** For each of {@code columns}, the values of the points of the given clusters, in one array. */
    float[][] gather(float[][] columns, int... clusters) {
        int total = 0;
        for (int c : clusters) total += size(c);
        float[][] gathered = new float[columns.length][total];
        int k = 0;
        for (int c : clusters) {
            for (int p = start[c]; p < start[c + 1]; p++, k++) {
                for (int col = 0; col < columns.length; col++) gathered[col][k] = columns[col][order[p]];
            }
        }
        return gathered;
    }

    float[][] gather(float[] x, float[] y, int... clusters) {
        return gather(new float[][]{x, y}, clusters);
    }
}
