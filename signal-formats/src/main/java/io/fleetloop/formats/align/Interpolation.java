package io.fleetloop.formats.align;

import com.fasterxml.jackson.databind.JsonNode;

/** How a channel's value between two samples is read: linear for continuous, hold for discrete, nearest for frames. */
public enum Interpolation {
    LINEAR, HOLD, NEAREST;

    public static Interpolation defaultFor(Object value) {
        if (value instanceof Number) {
            return LINEAR;
        }
        if (value instanceof JsonNode node) {
            if (node.isNumber()) {
                return LINEAR;
            }
            return node.isContainerNode() ? NEAREST : HOLD;
        }
        if (value instanceof byte[] || value instanceof FrameRef) {
            return NEAREST;
        }
        return HOLD;
    }
}
