package io.fleetloop.formats.align;

/** One LiDAR or camera frame by reference: where it is, when it was taken, its size and format (file extension). */
public record FrameRef(String path, long timestampNanos, long sizeBytes, String format) {
}
