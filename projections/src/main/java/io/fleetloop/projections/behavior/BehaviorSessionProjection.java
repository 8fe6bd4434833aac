package io.fleetloop.projections.behavior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BehaviorSessionAlignmentRecordedEvent;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Behaviour sessions (with sources and alignment settings), where their assets are stored, and the problem samples
 * marked on their timelines. Idempotent upserts; token and rows share a transaction.
 */
@Component
@ProcessingGroup("behavior-sessions")
class BehaviorSessionProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BehaviorSessionProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        jdbc.sql("insert into behavior_asset_location (asset_id, tenant_id, storage_path) values (?, ?, ?) on conflict (asset_id) do nothing")
                .params(event.assetId().value(), event.tenantId(), event.storagePath()).update();
    }

    @EventHandler
    void on(BehaviorSessionCreatedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into behavior_session_view (session_id, tenant_id, name, device_id, from_nanos, to_nanos, scene_tags, sources,
                                                   created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?) on conflict (session_id) do nothing""")
                .params(event.sessionId().value(), event.tenantId(), event.name(), event.deviceId(), nanos(event.from()),
                        nanos(event.to()), event.sceneTags().toArray(String[]::new), json.writeValueAsString(event.sources()),
                        event.createdBy(), Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(BehaviorSessionAlignmentRecordedEvent event) throws JsonProcessingException {
        jdbc.sql("update behavior_session_view set interpolation = cast(? as jsonb), estimates = cast(? as jsonb), max_gap_nanos = ? where session_id = ?")
                .params(json.writeValueAsString(event.interpolation()), json.writeValueAsString(event.estimates()),
                        event.maxGapNanos(), event.sessionId().value())
                .update();
    }

    @EventHandler
    void on(ProblemSampleIdentifiedEvent event) {
        var segment = event.rootCauseSegment();
        jdbc.sql("""
                insert into behavior_session_marker (sample_id, session_id, tenant_id, problem_type, severity, from_nanos, to_nanos, channels, notes)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (sample_id) do nothing""")
                .params(event.sampleId().value(), event.sessionId().value(), event.tenantId(), event.problemType().name(),
                        event.severity() == null ? null : event.severity().name(), nanos(segment.from()), nanos(segment.to()),
                        segment.channels().toArray(String[]::new), event.notes())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from behavior_session_marker").update();
        jdbc.sql("delete from behavior_session_view").update();
        jdbc.sql("delete from behavior_asset_location").update();
    }

    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
