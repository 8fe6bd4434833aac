package io.fleetloop.workers.annotation.labeling;

/**
 * Parameters of {@link LidarBoxLabeler}; {@link #defaults()} suits a roof-mounted 64-beam sensor (KITTI).
 *
 * @param cropXMin                    points kept from this x (metres, forward)
 * @param cropXMax                    ... up to this x
 * @param cropYAbs                    ... and within this |y| (left/right)
 * @param sensorHeight                sensor height above the ground, used when no ground can be fitted
 * @param groundCellSize              cell edge of the grid whose lowest points seed the ground fit
 * @param groundRansacIterations      RANSAC draws for the ground plane
 * @param groundInlierDistance        a cell's lowest point within this of a plane supports it
 * @param maxGroundTiltDegrees        planes steeper than this are not ground
 * @param groundThreshold             points less than this above the ground are ground
 * @param maxPointHeight              points more than this above the ground are ignored (canopies, signs)
 * @param isolationVoxelSize          a point with no other in the 3×3×3 voxels of this edge around it is a stray return
 * @param clusterCellSize             cell edge of the bird's-eye grid that clusters points
 * @param clusterLinkDistance         cells this close join one cluster, near the sensor
 * @param clusterLinkDistancePerMetre ... plus this much per metre of range, as points thin out
 * @param maxOccludedGap              two clusters this close (metres, across the line of sight) are one object when
 *                                    nearer points fill the gap between them: an object cut in two by an occluder;
 *                                    0 turns this off
 * @param azimuthBinDegrees           azimuth bins in which occluders are looked for; not finer than the sensor's step
 * @param minClusterPoints            smaller clusters are dropped
 * @param maxClusterDiagonal          clusters with a wider footprint (walls, hedges) are dropped
 * @param yawStepDegrees              step of the coarse search for the box orientation
 * @param fitSamplePoints             at most this many points of a cluster are used to search the orientation
 * @param verticalResolutionDegrees   beam spacing; half of it, at the cluster's range, is added to its top
 * @param maxElevationDegrees         elevation of the sensor's highest beam: a top seen there may be cut off
 * @param completeToPriors            grow partially seen boxes to their category's typical size, away from the sensor
 * @param keepUnknown                 also return clusters that fit no category (as {@code Unknown})
 * @param minConfidence               boxes below this confidence are dropped
 * @param seed                        seed of the RANSAC draws, so a cloud always gets the same labels
 */
public record LidarLabelerSettings(
        double cropXMin, double cropXMax, double cropYAbs,
        double sensorHeight,
        double groundCellSize, int groundRansacIterations, double groundInlierDistance, double maxGroundTiltDegrees,
        double groundThreshold, double maxPointHeight, double isolationVoxelSize,
        double clusterCellSize, double clusterLinkDistance, double clusterLinkDistancePerMetre,
        double maxOccludedGap, double azimuthBinDegrees, int minClusterPoints, double maxClusterDiagonal,
        double yawStepDegrees, int fitSamplePoints, double verticalResolutionDegrees, double maxElevationDegrees,
        boolean completeToPriors, boolean keepUnknown, double minConfidence, long seed) {

    /** Grids larger than this many cells are refused (a crop or cell size off by orders of magnitude). */
    static final long MAX_GRID_CELLS = 20_000_000L;

    public LidarLabelerSettings {
        if (!(cropXMax > cropXMin) || !(cropYAbs > 0)) throw new IllegalArgumentException("empty crop");
        if (!(groundCellSize > 0) || !(clusterCellSize > 0) || !(isolationVoxelSize > 0)) {
            throw new IllegalArgumentException("cell sizes must be > 0");
        }
        double extentX = cropXMax - cropXMin, extentY = 2 * cropYAbs;
        if (gridCells(extentX, extentY, clusterCellSize) > MAX_GRID_CELLS
                || gridCells(extentX, extentY, groundCellSize) > MAX_GRID_CELLS
                || gridCells(extentX, extentY, isolationVoxelSize) * (maxPointHeight / isolationVoxelSize + 1) > MAX_GRID_CELLS) {
            throw new IllegalArgumentException("the crop needs more than " + MAX_GRID_CELLS + " grid cells at these cell sizes");
        }
        if (groundRansacIterations < 1) throw new IllegalArgumentException("groundRansacIterations must be >= 1");
        if (!(groundThreshold >= 0) || !(maxPointHeight > groundThreshold)) {
            throw new IllegalArgumentException("need 0 <= groundThreshold < maxPointHeight");
        }
        if (!(maxOccludedGap >= 0) || !(azimuthBinDegrees > 0 && azimuthBinDegrees <= 10)) {
            throw new IllegalArgumentException("need maxOccludedGap >= 0 and azimuthBinDegrees in (0, 10]");
        }
        if (!(clusterLinkDistance >= clusterCellSize)) {
            throw new IllegalArgumentException("clusterLinkDistance must be >= clusterCellSize");
        }
        if (minClusterPoints < 1 || fitSamplePoints < 3) {
            throw new IllegalArgumentException("need minClusterPoints >= 1 and fitSamplePoints >= 3");
        }
        if (!(yawStepDegrees > 0 && yawStepDegrees <= 15)) {
            throw new IllegalArgumentException("yawStepDegrees must be in (0, 15]");
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1]");
        }
    }

    public static LidarLabelerSettings defaults() {
        return new LidarLabelerSettings(
                0, 70, 40,
                1.73,
                1.0, 200, 0.15, 12,
                0.20, 4.0, 0.4,
                0.15, 0.5, 0.007,
                3.0, 0.25, 6, 10.0,
                1.0, 600, 0.4, 2.0,
                true, false, 0.05, 0x5eedL);
    }

    static double gridCells(double extentX, double extentY, double cell) {
        return (Math.ceil(extentX / cell) + 1) * (Math.ceil(extentY / cell) + 1);
    }
}
