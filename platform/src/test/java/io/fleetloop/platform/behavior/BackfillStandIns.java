package io.fleetloop.platform.behavior;

import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BackfillStalledEvent;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.SessionSource;
import io.fleetloop.api.behavior.Severity;
import io.fleetloop.api.behavior.SourceKind;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.platform.support.RunningPlatform;
import org.axonframework.eventhandling.gateway.EventGateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * STAND-INS: the behaviour context's events, published straight on the platform's event bus, with times the tests
 * construct (the KPI tests need chosen stage times; the lineage and cross-tenant tests reuse them). The aggregates and
 * the backfill process that emit these events are in the build (ClosedLoopEndToEndTest drives them over REST); moving
 * these tests to {@code POST /v1/behavior-sessions} and {@code /v1/problem-samples} is still open.
 */
public final class BackfillStandIns {

    private final EventGateway events;
    private final String tenant;

    public BackfillStandIns(RunningPlatform platform, String tenant) {
        this.events = platform.bean(EventGateway.class);
        this.tenant = tenant;
    }

    public void session(String sessionId, String deviceId, List<String> assetIds, Instant from, Instant to) {
        List<SessionSource> sources = assetIds.stream().map(a -> new SessionSource(new AssetId(a), SourceKind.LIDAR, 0, Map.of())).toList();
        events.publish(new BehaviorSessionCreatedEvent(new BehaviorSessionId(sessionId), tenant, "takeover " + sessionId, deviceId, sources,
                from, to, List.of("night"), "alice", from));
    }

    public void sample(String sampleId, String sessionId, List<String> assetIds, Instant identifiedAt) {
        events.publish(new ProblemSampleIdentifiedEvent(new ProblemSampleId(sampleId), tenant, new BehaviorSessionId(sessionId),
                ProblemType.PERCEPTION, new RootCauseSegment(identifiedAt.minusSeconds(60), identifiedAt.minusSeconds(50), List.of("lidar")),
                Severity.HIGH, "missed pedestrian", assetIds.stream().map(AssetId::new).toList(), "car-1", List.of("night"), "alice",
                identifiedAt));
    }

    public void decision(String decisionId, List<String> sampleIds, Instant decidedAt) {
        NextIngestionScope scope = new NextIngestionScope(List.of("car-1"), List.of(), List.of(), List.of("night"), List.of(),
                "speed > 10 && takeover", 10, 5, null, "**", "backfill/" + decisionId);
        events.publish(new FeedbackDecisionMadeEvent(new FeedbackDecisionId(decisionId), tenant,
                sampleIds.stream().map(ProblemSampleId::new).toList(), scope, "alice", decidedAt));
    }

    public void stage(String decisionId, BackfillStage stage, Instant reachedAt, String... refs) {
        events.publish(new BackfillStageReachedEvent(new FeedbackDecisionId(decisionId), tenant, stage, List.of(refs), reachedAt));
    }

    public void stalled(String decisionId, BackfillStage awaited, Instant waitingSince, Instant flaggedAt) {
        events.publish(new BackfillStalledEvent(new FeedbackDecisionId(decisionId), tenant, awaited, waitingSince, flaggedAt));
    }

    public void publish(Object event) {
        events.publish(event);
    }
}
