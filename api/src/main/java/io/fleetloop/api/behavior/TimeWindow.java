package io.fleetloop.api.behavior;

import java.time.Instant;

public record TimeWindow(Instant from, Instant to) {
}
