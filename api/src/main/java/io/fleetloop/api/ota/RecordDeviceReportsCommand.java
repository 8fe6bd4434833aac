package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Many devices' feedback on one release in one command and one transaction (the DDI endpoint collects the reports that
 * arrive while the previous batch commits). Each report is decided as its own command would be ({@link
 * RecordDeviceResultCommand}, {@link RecordRollbackResultCommand}, {@link RecordDeviceProgressCommand}); the handler
 * answers {@link DeviceReportOutcomes}: per report, {@code null} or why it was refused (the others still count).
 */
public record RecordDeviceReportsCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, List<DeviceReport> reports)
        implements TenantOwned {

    public RecordDeviceReportsCommand {
        reports = reports == null ? List.of() : List.copyOf(reports);
    }
}
