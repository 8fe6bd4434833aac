package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.TimeWindow;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class FeedbackDecisionServiceTest {

    private static final FeedbackDecisionId DECISION = new FeedbackDecisionId("fd-1");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final FeedbackDecisionService.Options NONE = new FeedbackDecisionService.Options(null, null, null, null, null, null, null);

    private final BehaviorDirectory directory = mock(BehaviorDirectory.class);
    private final FeedbackDecisionService service = new FeedbackDecisionService(directory);

    @BeforeEach
    void setUp() {
        when(directory.sources(eq("acme"), anyInt())).thenReturn(List.of(new BehaviorDirectory.Source("src-1", "fleet")));
        when(directory.source(any(), any())).thenReturn(Optional.empty());
        when(directory.deviceType(any(), any())).thenReturn(Optional.empty());
        when(directory.deviceType("acme", "car-7")).thenReturn(Optional.of("VEHICLE"));
    }

    private static BehaviorDirectory.Sample sample(String id, ProblemType type, long fromSecond, long toSecond, String... channels) {
        return new BehaviorDirectory.Sample(new ProblemSampleId(id), "acme", new BehaviorSessionId("s-1"), type,
                new RootCauseSegment(T.plusSeconds(fromSecond), T.plusSeconds(toSecond), List.of(channels)), List.of(new AssetId("a1")),
                "car-7", List.of("rain", "night"));
    }

    @Test
    void hardBrakingOnCanBecomesAnAccelerationRuleOverTheSessionsDeviceAndTags() {
        NextIngestionScope scope = service.scope(DECISION, "acme", List.of(sample("ps-1", ProblemType.CONTROL, 60, 70, "can/accel_x", "lidar/top")), NONE);
        assertThat(scope.triggerRule()).isEqualTo("accel_x < -4");
        assertThat(scope.preSeconds()).isEqualTo(8);
        assertThat(scope.postSeconds()).isEqualTo(4);
        assertThat(scope.windows()).containsExactly(new TimeWindow(T.plusSeconds(52), T.plusSeconds(74)));
        assertThat(scope.deviceIds()).containsExactly("car-7");
        assertThat(scope.deviceTypes()).containsExactly("VEHICLE");
        assertThat(scope.sceneTags()).containsExactly("night", "rain");
        assertThat(scope.modalities()).containsExactly(Modality.LIDAR, Modality.CAN);
        assertThat(scope.sourceId()).as("the tenant's only source").isEqualTo("src-1");
        assertThat(scope.includePattern()).isEqualTo("**");
        assertThat(scope.targetPath()).isEqualTo("backfill/fd-1");
    }

    @Test
    void withoutTellingChannelsTheProblemTypeNamesTheRule() {
        NextIngestionScope scope = service.scope(DECISION, "acme", List.of(sample("ps-1", ProblemType.PERCEPTION, 0, 5, "camera/front")), NONE);
        assertThat(scope.triggerRule()).isEqualTo("perception.min_confidence < 0.3 || perception.track_lost == 1");
    }

    @Test
    void severalSamplesJoinTheirRulesAndMergeOverlappingWindows() {
        NextIngestionScope scope = service.scope(DECISION, "acme", List.of(
                sample("ps-1", ProblemType.CONTROL, 60, 70, "takeover"),
                sample("ps-2", ProblemType.PERCEPTION, 75, 80, "lidar"),
                sample("ps-3", ProblemType.DEVICE, 500, 510)), NONE);
        assertThat(scope.triggerRule())
                .isEqualTo("takeover == 1 || (perception.min_confidence < 0.3 || perception.track_lost == 1) || device.fault_code != 0");
        assertThat(scope.preSeconds()).isEqualTo(30);
        assertThat(scope.windows()).containsExactly(new TimeWindow(T.plusSeconds(30), T.plusSeconds(90)),
                new TimeWindow(T.plusSeconds(470), T.plusSeconds(520)));
    }

    @Test
    void theSameSamplesGiveTheSameScope() {
        List<BehaviorDirectory.Sample> samples = List.of(sample("ps-1", ProblemType.DECISION, 1, 2, "gnss", "imu"));
        assertThat(service.scope(DECISION, "acme", samples, NONE)).isEqualTo(service.scope(DECISION, "acme", samples, NONE));
    }

    @Test
    void anUnknownSourceIsRefused() {
        FeedbackDecisionService.Options options = new FeedbackDecisionService.Options("nope", null, null, null, null, null, null);
        assertThatThrownBy(() -> service.scope(DECISION, "acme", List.of(sample("ps-1", ProblemType.CONTROL, 1, 2)), options))
                .isInstanceOf(FleetloopException.class).hasMessageContaining("sourceId");
    }

    @Test
    void noSourceAtAllIsRefused() {
        when(directory.sources(eq("acme"), anyInt())).thenReturn(List.of());
        assertThatThrownBy(() -> service.scope(DECISION, "acme", List.of(sample("ps-1", ProblemType.CONTROL, 1, 2)), NONE))
                .isInstanceOf(FleetloopException.class).hasMessageContaining("sourceId");
    }

    @Test
    void anUnsafeTargetPathIsRefused() {
        FeedbackDecisionService.Options options = new FeedbackDecisionService.Options(null, null, "../etc", null, null, null, null);
        assertThatThrownBy(() -> service.scope(DECISION, "acme", List.of(sample("ps-1", ProblemType.CONTROL, 1, 2)), options))
                .isInstanceOf(FleetloopException.class).hasMessageContaining("targetPath");
    }
}
