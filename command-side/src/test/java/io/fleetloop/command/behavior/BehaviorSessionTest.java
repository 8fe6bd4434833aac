package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BehaviorSessionAlignmentRecordedEvent;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ChannelInterpolation;
import io.fleetloop.api.behavior.ClockOffsetEstimate;
import io.fleetloop.api.behavior.CreateBehaviorSessionCommand;
import io.fleetloop.api.behavior.SessionSource;
import io.fleetloop.api.behavior.SourceKind;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class BehaviorSessionTest {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant FROM = Instant.parse("2023-11-14T22:13:20Z");
    private static final Instant TO = FROM.plusSeconds(30);
    private static final BehaviorSessionId ID = new BehaviorSessionId("s-1");
    private static final AssetId CAN = new AssetId("can");
    private static final AssetId DBC = new AssetId("dbc");
    private static final AssetId GNSS = new AssetId("gnss");

    private final BehaviorAssetDirectory assets = mock(BehaviorAssetDirectory.class);
    private AggregateTestFixture<BehaviorSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BehaviorSession.class);
        fixture.registerInjectableResource(assets);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
        when(assets.belongsTo(eq("t1"), any())).thenReturn(true);
    }

    private static List<SessionSource> sources() {
        return List.of(new SessionSource(DBC, SourceKind.DBC, 0, Map.of()),
                new SessionSource(CAN, SourceKind.CAN, 0, Map.of("name", "can", "dbcAssetId", "dbc")),
                new SessionSource(GNSS, SourceKind.GNSS, -400_000_000L, Map.of("name", "gnss")));
    }

    private static final List<ClockOffsetEstimate> ESTIMATES = List.of(new ClockOffsetEstimate(CAN, "VehicleDynamics.VehicleSpeed",
            GNSS, "speed", -400_000_000L, 0.99, 500, 2_000_000_000L, 20));

    private static CreateBehaviorSessionCommand create(String tenant, List<SessionSource> sources) {
        return new CreateBehaviorSessionCommand(ID, tenant, "drive 42", "veh-42", sources, FROM, TO, List.of("takeover"),
                Map.of("gnss/fix", ChannelInterpolation.HOLD), ESTIMATES, 2_000_000_000L, "user:alice");
    }

    @Test
    void aSessionRecordsItsSourcesRangeAndAlignmentSettings() {
        fixture.givenNoPriorActivity()
                .when(create("t1", sources()))
                .expectEvents(new BehaviorSessionCreatedEvent(ID, "t1", "drive 42", "veh-42", sources(), FROM, TO, List.of("takeover"),
                                "user:alice", AT),
                        new BehaviorSessionAlignmentRecordedEvent(ID, "t1", Map.of("gnss/fix", ChannelInterpolation.HOLD), ESTIMATES,
                                2_000_000_000L, AT));
    }

    @Test
    void anotherTenantsAssetIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(create("t2", sources()))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void twoSourcesCannotShareAName() {
        List<SessionSource> clash = List.of(new SessionSource(CAN, SourceKind.IMU, 0, Map.of("name", "imu")),
                new SessionSource(GNSS, SourceKind.IMU, 0, Map.of("name", "imu")));
        fixture.givenNoPriorActivity()
                .when(create("t1", clash))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }
}
