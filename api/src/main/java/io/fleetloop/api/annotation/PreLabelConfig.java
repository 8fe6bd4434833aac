package io.fleetloop.api.annotation;

/**
 * How a task is pre-labelled: the built-in LiDAR labeler ({@code BUILTIN_LIDAR}, no model weights needed), an
 * HTTP model endpoint ({@code HTTP}, {@code endpoint} required; see docs/annotation.md for its contract), or the
 * ground truth a simulation wrote next to each point cloud ({@code GROUND_TRUTH}, see docs/simulation.md).
 * Labels below {@code minConfidence} are dropped.
 */
public record PreLabelConfig(Labeler labeler, String endpoint, double minConfidence) {

    public enum Labeler { BUILTIN_LIDAR, HTTP, GROUND_TRUTH }
}
