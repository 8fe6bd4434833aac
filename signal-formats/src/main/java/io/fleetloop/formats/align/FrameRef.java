package io.fleetloop.formats.align;

/**
 * A camera image or LiDAR point cloud by reference: where it is ({@code path}: a file name, relative path or object
 * key), when it was taken, its size ({@code -1} when unknown) and its format (the lower-case file extension:
 * {@code jpg}, {@code png}, {@code pcd}, {@code bin}).
 */
public record FrameRef(String path, long timestampNanos, long sizeBytes, String format) {
}
