package io.fleetloop.api.metering;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;

import java.util.Map;

/** The answer to {@link AdmitDispatchCommand}. */
public record DispatchDecision(boolean admitted, RefusalReason reason, String resource, double limit, double used) {

    public static DispatchDecision admit() {
        return new DispatchDecision(true, null, null, 0, 0);
    }

    /** Throws the refusal as a 409 problem naming the resource, the limit and what is used. */
    public void requireAdmitted() {
        if (admitted) return;
        String message = reason == RefusalReason.BALANCE_EXHAUSTED
                ? "the account balance is exhausted (" + used + ") and the billing policy stops new work"
                : "quota of " + resource + " exceeded: used " + used + " of " + limit + " this period";
        throw new FleetloopException(new ErrorDetails(ErrorCode.QUOTA_EXCEEDED, message,
                Map.of("resource", resource, "limit", String.valueOf(limit), "used", String.valueOf(used), "reason", reason.name())));
    }
}
