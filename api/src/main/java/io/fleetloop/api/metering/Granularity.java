package io.fleetloop.api.metering;

public enum Granularity {
    DAY, WEEK, MONTH
}
