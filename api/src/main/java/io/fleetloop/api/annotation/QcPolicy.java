package io.fleetloop.api.annotation;

/** Share (0..1) of approved results drawn again into the spot-check queue. */
public record QcPolicy(double spotCheckRate) {
}
