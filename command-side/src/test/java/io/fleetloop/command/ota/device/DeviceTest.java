package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.AttributeUpdateMode;
import io.fleetloop.api.ota.DeviceAttributesUpdatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import io.fleetloop.api.ota.DeviceRegistration;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.DeviceUid;
import io.fleetloop.api.ota.RegisterDeviceCommand;
import io.fleetloop.api.ota.UpdateDeviceAttributesCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceTest {

    private static final Instant AT = Instant.parse("2026-11-30T08:00:00Z");
    private static final String TENANT = "acme";
    private static final String TOKEN_SHA = DeviceTokens.sha256Hex("a-very-secret-token");
    private static final DeviceUid UID = Device.uidOf(TENANT, "car-1");
    private static final Map<String, String> ATTRIBUTES = Map.of("region", "eu", "model", "m3");

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private static DeviceRegistration registration(String deviceId, Map<String, String> attributes) {
        return new DeviceRegistration(deviceId, DeviceType.VEHICLE, attributes, "v1.0.0", TOKEN_SHA);
    }

    private static DeviceRegisteredEvent registered() {
        return new DeviceRegisteredEvent(UID, TENANT, "car-1", DeviceType.VEHICLE, ATTRIBUTES, "v1.0.0", TOKEN_SHA, AT);
    }

    private static UpdateDeviceAttributesCommand update(AttributeUpdateMode mode, Map<String, String> data) {
        return new UpdateDeviceAttributesCommand(UID, TENANT, "car-1", mode, data);
    }

    @Test
    void registeringADeviceRecordsItsTypeAttributesVersionAndTokenHash() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(UID, TENANT, registration("car-1", ATTRIBUTES)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered());
    }

    @Test
    void aDeviceIdOutsideThePatternIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(Device.uidOf(TENANT, "bad id!"), TENANT, registration("bad id!", Map.of())))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("deviceId: 1-128 letters, digits or . _ : -, starting with a letter or digit");
    }

    @Test
    void moreThan64AttributesAreRefused() {
        Map<String, String> many = IntStream.range(0, 65).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(UID, TENANT, registration("car-1", many)))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void anAttributeKeyWithASpaceOrAValueOver256CharactersIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(UID, TENANT, registration("car-1", Map.of("bad key", "x"))))
                .expectException(FleetloopException.class);
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(UID, TENANT, registration("car-1", Map.of("note", "x".repeat(257)))))
                .expectException(FleetloopException.class);
    }

    @Test
    void aRegistrationWithoutATypeOrWithAMalformedTokenHashIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(UID, TENANT, new DeviceRegistration("car-1", null, Map.of(), null, TOKEN_SHA)))
                .expectException(FleetloopException.class);
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(UID, TENANT, new DeviceRegistration("car-1", DeviceType.ROBOT, Map.of(), null, "secret")))
                .expectException(FleetloopException.class);
    }

    @Test
    void mergeAddsAndOverwritesEntries() {
        fixture.given(registered())
                .when(update(AttributeUpdateMode.MERGE, Map.of("region", "us", "hw", "rev-b")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceAttributesUpdatedEvent(UID, TENANT, "car-1", AttributeUpdateMode.MERGE,
                        Map.of("region", "us", "model", "m3", "hw", "rev-b"), AT));
    }

    @Test
    void replaceKeepsOnlyTheGivenEntries() {
        fixture.given(registered())
                .when(update(AttributeUpdateMode.REPLACE, Map.of("hw", "rev-b")))
                .expectEvents(new DeviceAttributesUpdatedEvent(UID, TENANT, "car-1", AttributeUpdateMode.REPLACE, Map.of("hw", "rev-b"), AT));
    }

    @Test
    void removeDropsTheGivenKeys() {
        Map<String, String> keys = new HashMap<>();
        keys.put("region", null);
        fixture.given(registered())
                .when(update(AttributeUpdateMode.REMOVE, keys))
                .expectEvents(new DeviceAttributesUpdatedEvent(UID, TENANT, "car-1", AttributeUpdateMode.REMOVE, Map.of("model", "m3"), AT));
    }

    @Test
    void theFirstReportIsRecordedEvenWhenItChangesNothing() {
        fixture.given(registered())
                .when(update(AttributeUpdateMode.MERGE, ATTRIBUTES))
                .expectEvents(new DeviceAttributesUpdatedEvent(UID, TENANT, "car-1", AttributeUpdateMode.MERGE, ATTRIBUTES, AT));
    }

    @Test
    void aRepeatedReportThatChangesNothingIsANoOp() {
        fixture.given(registered(), new DeviceAttributesUpdatedEvent(UID, TENANT, "car-1", AttributeUpdateMode.MERGE, ATTRIBUTES, AT))
                .when(update(AttributeUpdateMode.MERGE, Map.of("region", "eu")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anUpdateBeyond64AttributesIsRefused() {
        Map<String, String> many = IntStream.range(0, 63).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
        fixture.given(registered())
                .when(update(AttributeUpdateMode.MERGE, many))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void anUpdateWithoutModeIsRefused() {
        fixture.given(registered())
                .when(update(null, Map.of("a", "b")))
                .expectException(FleetloopException.class);
    }

    @Test
    void anotherTenantsUpdateIsAnsweredAsNotFound() {
        fixture.given(registered())
                .when(new UpdateDeviceAttributesCommand(UID, "mallory", "car-1", AttributeUpdateMode.MERGE, Map.of("a", "b")))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("device car-1 was not found");
    }

    @Test
    void tokensAreGeneratedFrom32RandomBytesAndChosenOnesNeed16Characters() {
        assertThat(DeviceTokens.generate()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(DeviceTokens.generate());
        assertThat(DeviceTokens.requireValid("0123456789abcdef", "securityToken")).isEqualTo("0123456789abcdef");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceTokens.requireValid("short", "securityToken"))
                .isInstanceOf(FleetloopException.class);
    }

    @Test
    void csvCellsFollowRfc4180Quoting() {
        assertThat(DeviceBulkReader.cells("a,\"b,c\",\"d \"\"e\"\"\",", "line 2")).containsExactly("a", "b,c", "d \"e\"", "");
    }
}
