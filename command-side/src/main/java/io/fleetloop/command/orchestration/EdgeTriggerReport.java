package io.fleetloop.command.orchestration;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.ReportDataFlowTriggeredCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One device's report that a COLLECT rule fired (seed 000 §8 step 5). Created by the report, keyed by (tenant, device,
 * triggerId): a replayed report appends a first event for an id that has one already, the event store refuses it, and the
 * DDI resource answers "reported already" — so a trigger is registered once whatever the device retries.
 */
@Aggregate
class EdgeTriggerReport {

    @AggregateIdentifier
    private String reportId;

    EdgeTriggerReport() {
    }

    @CommandHandler
    EdgeTriggerReport(ReportDataFlowTriggeredCommand command, Clock clock) {
        if (!ReportDataFlowTriggeredCommand.reportId(command.tenantId(), command.deviceId(), command.triggerId()).equals(command.reportId())) {
            throw FleetloopException.invalid("reportId", "must name the tenant, device and triggerId");
        }
        if (command.clips() == null || command.clips().isEmpty()) throw FleetloopException.invalid("storagePaths", "at least one clip file");
        apply(new DataFlowTriggeredEvent(command.reportId(), command.tenantId(), command.flowId(), command.deviceId(), command.triggerId(),
                command.kind(), command.triggerTime(), command.ruleVersion(), command.deviceVersion(), command.clips(), clock.instant()));
    }

    @EventSourcingHandler
    void on(DataFlowTriggeredEvent event) {
        reportId = event.reportId();
    }
}
