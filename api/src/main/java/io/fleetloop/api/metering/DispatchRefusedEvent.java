package io.fleetloop.api.metering;

import java.time.Instant;

/** Work was refused at dispatch: for a quota, {@code limit} and {@code used} of {@code resource} in the period; for the balance, resource {@code balance}. */
public record DispatchRefusedEvent(String tenantId, LoopContext context, String subjectId, RefusalReason reason, String resource,
                                   double limit, double used, Instant at) implements TenantAccountEvent {
}
