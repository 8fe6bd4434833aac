package io.fleetloop.api.metering;

/** The window a quota counts usage in (UTC calendar day or month). */
public enum QuotaPeriod {
    DAY, MONTH
}
