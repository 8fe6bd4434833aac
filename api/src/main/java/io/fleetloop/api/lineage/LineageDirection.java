package io.fleetloop.api.lineage;

import io.fleetloop.api.common.FleetloopException;

import java.util.Locale;

/** Which way a lineage walk follows the edges: towards the origins, towards what was made from the node, or both. */
public enum LineageDirection {
    UPSTREAM, DOWNSTREAM, BOTH;

    /** Case-insensitive; null or blank means {@link #BOTH}. */
    public static LineageDirection parse(String value) {
        if (value == null || value.isBlank()) return BOTH;
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("direction", "must be upstream, downstream or both");
        }
    }
}
