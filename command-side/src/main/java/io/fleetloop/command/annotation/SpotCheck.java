package io.fleetloop.command.annotation;

import io.fleetloop.api.annotation.AnnotationResultId;

/**
 * Whether an approved result is drawn for a spot check: a deterministic draw from the result id and revision
 * (replays give the same sample), compared with the task's spot-check rate.
 */
final class SpotCheck {

    private SpotCheck() {
    }

    static double draw(AnnotationResultId id, int revision) {
        long h = (id.value() + "#" + revision).hashCode() * 0x9E3779B97F4A7C15L;
        return ((h >>> 11) & ((1L << 53) - 1)) / (double) (1L << 53);
    }
}
