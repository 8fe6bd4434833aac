package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.GatewayTokenId;
import io.fleetloop.api.ota.GatewayTokenRevokedEvent;
import io.fleetloop.api.ota.GatewayTokenRotatedEvent;
import io.fleetloop.api.ota.RevokeGatewayTokenCommand;
import io.fleetloop.api.ota.RotateGatewayTokenCommand;
import io.fleetloop.command.common.DerivedIds;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's DDI gateway token, managed over the API: each rotation and revocation is an event (so it is in the audit
 * trail), and only the token's sha256 is ever recorded. Before the first command the configured token
 * ({@code fleetloop.ota.gateway-tokens.<tenant>}) applies; afterwards only what was set here.
 */
@Aggregate
class GatewayCredential {

    static final String RESOURCE = "gateway token";

    @AggregateIdentifier
    private GatewayTokenId id;
    private String tenantId;
    private boolean revoked;

    GatewayCredential() {
    }

    static GatewayTokenId idOf(String tenantId) {
        return new GatewayTokenId(DerivedIds.uuid("ddi-gateway/" + tenantId));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RotateGatewayTokenCommand command, Clock clock) {
        owned(command.id(), command.tenantId());
        DeviceRules.requireValidTokenSha256(command.tokenSha256(), "");
        apply(new GatewayTokenRotatedEvent(command.id(), command.tenantId(), command.tokenSha256(), clock.instant()));
    }

    /** Revoking a revoked (or never set) token records the revocation once: the configured token stops working too. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RevokeGatewayTokenCommand command, Clock clock) {
        owned(command.id(), command.tenantId());
        if (revoked) return;
        apply(new GatewayTokenRevokedEvent(command.id(), command.tenantId(), clock.instant()));
    }

    private void owned(GatewayTokenId commandId, String commandTenant) {
        if (!commandId.equals(idOf(commandTenant))) throw FleetloopException.invalid("id", "is not the tenant's gateway credential");
        if (tenantId != null) requireSameTenant(tenantId, () -> commandTenant, RESOURCE, commandId);
    }

    @EventSourcingHandler
    void on(GatewayTokenRotatedEvent event) {
        id = event.id();
        tenantId = event.tenantId();
        revoked = false;
    }

    @EventSourcingHandler
    void on(GatewayTokenRevokedEvent event) {
        id = event.id();
        tenantId = event.tenantId();
        revoked = true;
    }
}
