package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.AddOperatorVersionCommand;
import io.fleetloop.api.orchestration.workflow.OperatorId;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRegisteredEvent;
import io.fleetloop.api.orchestration.workflow.OperatorVersionAddedEvent;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import io.fleetloop.api.orchestration.workflow.RegisterOperatorCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant's operator (seed 003 {@code Operator}) with immutable, numbered versions ({@code OperatorVersion}). */
@Aggregate
class Operator {

    static final String RESOURCE = "operator";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,127}");

    @AggregateIdentifier
    private OperatorId operatorId;
    private String tenantId;
    private String name;
    private OperatorKind kind;
    private int latestVersion;

    Operator() {
    }

    @CommandHandler
    Operator(RegisterOperatorCommand command, OperatorSpecCheck check, Clock clock) {
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            throw FleetloopException.invalid("name", "1-128 letters, digits, spaces or _ . : / -");
        }
        OperatorVersionDefinition definition = numbered(command.definition(), 1);
        check.check(command.tenantId(), command.kind(), definition);
        apply(new OperatorRegisteredEvent(command.operatorId(), command.tenantId(), command.name(), command.kind(), definition, clock.instant()));
    }

    @CommandHandler
    int handle(AddOperatorVersionCommand command, OperatorSpecCheck check, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, operatorId);
        OperatorVersionDefinition definition = numbered(command.definition(), latestVersion + 1);
        check.check(tenantId, kind, definition);
        apply(new OperatorVersionAddedEvent(operatorId, tenantId, name, kind, definition, clock.instant()));
        return definition.version();
    }

    private static OperatorVersionDefinition numbered(OperatorVersionDefinition d, int version) {
        if (d == null) throw FleetloopException.invalid("spec", "required");
        return new OperatorVersionDefinition(version, d.spec(), d.inputs(), d.outputs(), d.parameters());
    }

    @EventSourcingHandler
    void on(OperatorRegisteredEvent event) {
        operatorId = event.operatorId();
        tenantId = event.tenantId();
        name = event.name();
        kind = event.kind();
        latestVersion = event.version().version();
    }

    @EventSourcingHandler
    void on(OperatorVersionAddedEvent event) {
        latestVersion = event.version().version();
    }
}
