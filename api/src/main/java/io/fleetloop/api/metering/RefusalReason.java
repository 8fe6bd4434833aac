package io.fleetloop.api.metering;

public enum RefusalReason {
    /** the resource's quota for the current period is used up */
    QUOTA_EXCEEDED,
    /** the balance is exhausted and the tenant's policy stops dispatch then */
    BALANCE_EXHAUSTED
}
