package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import io.fleetloop.api.ota.DeviceTokenRevokedEvent;
import io.fleetloop.api.ota.DeviceTokenRotatedEvent;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.DeviceUid;
import io.fleetloop.api.ota.GatewayTokenId;
import io.fleetloop.api.ota.GatewayTokenRevokedEvent;
import io.fleetloop.api.ota.GatewayTokenRotatedEvent;
import io.fleetloop.api.ota.RevokeDeviceTokenCommand;
import io.fleetloop.api.ota.RevokeGatewayTokenCommand;
import io.fleetloop.api.ota.RotateDeviceTokenCommand;
import io.fleetloop.api.ota.RotateGatewayTokenCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

class DeviceTokenTest {

    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final String TENANT = "acme";
    private static final DeviceUid UID = Device.uidOf(TENANT, "car-1");
    private static final String OLD = DeviceTokens.sha256Hex("the-old-secret-token");
    private static final String NEW = DeviceTokens.sha256Hex("the-new-secret-token");
    private static final GatewayTokenId GATEWAY = GatewayCredential.idOf(TENANT);

    private static AggregateTestFixture<Device> devices() {
        var fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
        return fixture;
    }

    private static AggregateTestFixture<GatewayCredential> gateways() {
        var fixture = new AggregateTestFixture<>(GatewayCredential.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
        return fixture;
    }

    private static DeviceRegisteredEvent registered() {
        return new DeviceRegisteredEvent(UID, TENANT, "car-1", DeviceType.VEHICLE, Map.of(), null, OLD, AT);
    }

    @Test
    void rotatingRecordsOnlyTheNewTokensHash() {
        devices().given(registered())
                .when(new RotateDeviceTokenCommand(UID, TENANT, "car-1", NEW))
                .expectEvents(new DeviceTokenRotatedEvent(UID, TENANT, "car-1", NEW, AT));
    }

    @Test
    void aTokenHashMustBeSixtyFourHexDigits() {
        devices().given(registered())
                .when(new RotateDeviceTokenCommand(UID, TENANT, "car-1", "the-new-secret-token"))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotRotateOrRevokeTheToken() {
        devices().given(registered())
                .when(new RevokeDeviceTokenCommand(UID, "globex", "car-1"))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void revokingARevokedTokenChangesNothing() {
        devices().given(registered(), new DeviceTokenRevokedEvent(UID, TENANT, "car-1", AT))
                .when(new RevokeDeviceTokenCommand(UID, TENANT, "car-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theFirstGatewayTokenOfATenantCreatesItsCredential() {
        gateways().givenNoPriorActivity()
                .when(new RotateGatewayTokenCommand(GATEWAY, TENANT, NEW))
                .expectEvents(new GatewayTokenRotatedEvent(GATEWAY, TENANT, NEW, AT));
    }

    @Test
    void revokingTheGatewayTokenBeforeAnyWasSetRevokesTheConfiguredOneOnce() {
        gateways().givenNoPriorActivity()
                .when(new RevokeGatewayTokenCommand(GATEWAY, TENANT))
                .expectEvents(new GatewayTokenRevokedEvent(GATEWAY, TENANT, AT));
        gateways().given(new GatewayTokenRevokedEvent(GATEWAY, TENANT, AT))
                .when(new RevokeGatewayTokenCommand(GATEWAY, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aGatewayCredentialIdIsTheTenantsOwn() {
        gateways().givenNoPriorActivity()
                .when(new RotateGatewayTokenCommand(GatewayCredential.idOf("globex"), TENANT, NEW))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }
}
