package io.fleetloop.api.annotation;

/**
 * One labelled object. A 2D box is {@code x, y, width, height} in pixels (top-left origin); a 3D box is its centre
 * {@code x, y, z}, {@code length, width, height} in metres and {@code yaw} in radians around z (LiDAR frame:
 * x forward, y left, z up). Unused geometry is null. {@code confidence} is the labeler's (1 for human labels).
 */
public record Label(String category, Box2D box2d, Box3D box3d, double confidence) {

    public record Box2D(double x, double y, double width, double height) {
    }

    public record Box3D(double x, double y, double z, double length, double width, double height, double yaw) {
    }
}
