package io.fleetloop.api.orchestration;

import java.util.List;

/**
 * When a device cuts a clip: any of {@code kinds} fires (EXPRESSION: the CEL {@code expression} over the device's signals
 * is true), the clip spans {@code preSeconds} before to {@code postSeconds} after, at most {@code rateLimit} clips per device
 * and hour.
 */
public record CollectionTrigger(List<Kind> kinds, String expression, Double preSeconds, Double postSeconds, Integer rateLimit) {

    public enum Kind { TAKEOVER, HARD_BRAKING, ACCIDENT_FLAG, EXPRESSION }
}
