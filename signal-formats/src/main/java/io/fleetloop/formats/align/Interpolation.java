package io.fleetloop.formats.align;

/**
 * How a channel's value at an output tick is computed from its samples: {@link #LINEAR} between the two neighbouring
 * samples (continuous signals), {@link #HOLD} the previous sample's value (discrete states, enum labels),
 * {@link #NEAREST} the sample closest in time (camera/LiDAR frames, JSON objects: nothing to interpolate).
 */
public enum Interpolation {
    LINEAR, HOLD, NEAREST;

    /** Numbers → LINEAR; text, booleans and enums → HOLD; anything else (JSON, frames, bytes) → NEAREST. */
    public static Interpolation defaultFor(Object value) {
        if (value instanceof Number) {
            return LINEAR;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Enum<?>) {
            return HOLD;
        }
        return NEAREST;
    }
}
