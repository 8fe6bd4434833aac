package io.fleetloop.projections.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.LongTailTagsComputedEvent;
import io.fleetloop.api.catalog.SceneMiningCancelledEvent;
import io.fleetloop.api.catalog.SceneMiningCompletedEvent;
import io.fleetloop.api.catalog.SceneMiningFailedEvent;
import io.fleetloop.api.catalog.SceneMiningRequestedEvent;
import io.fleetloop.api.catalog.SceneMiningRulesPublishedEvent;
import io.fleetloop.api.catalog.SceneTagsDerivedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Scene-mining jobs with their status and results, and every version of each tenant's rules. */
@Component
@ProcessingGroup("scene-mining")
class SceneMiningProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SceneMiningProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(SceneMiningRequestedEvent event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.sql("""
                insert into scene_mining_job_view (job_id, tenant_id, status, asset_count, rules_version, filter, requested_at, updated_at)
                values (?, ?, 'REQUESTED', ?, ?, cast(? as jsonb), ?, ?) on conflict (job_id) do nothing""")
                .params(event.jobId().value(), event.tenantId(), event.assets().size(), event.rules().version(),
                        json.writeValueAsString(event.filter()), java.sql.Timestamp.from(event.requestedAt()), java.sql.Timestamp.from(at))
                .update();
    }

    @EventHandler
    void on(SceneTagsDerivedEvent event, @Timestamp Instant at) {
        status(event.jobId().value(), "DERIVED", null, at);
    }

    @EventHandler
    void on(LongTailTagsComputedEvent event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.sql("update scene_mining_job_view set status = 'LONG_TAIL_COMPUTED', mined_assets = ?, assets = cast(? as jsonb), updated_at = ? where job_id = ?")
                .params(event.minedAssets(), json.writeValueAsString(event.assets()), java.sql.Timestamp.from(at), event.jobId().value())
                .update();
    }

    @EventHandler
    void on(SceneMiningCompletedEvent event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.sql("update scene_mining_job_view set status = 'COMPLETED', assets = cast(? as jsonb), updated_at = ? where job_id = ?")
                .params(json.writeValueAsString(event.assets()), java.sql.Timestamp.from(at), event.jobId().value())
                .update();
    }

    @EventHandler
    void on(SceneMiningFailedEvent event, @Timestamp Instant at) {
        status(event.jobId().value(), "FAILED", event.reason(), at);
    }

    @EventHandler
    void on(SceneMiningCancelledEvent event, @Timestamp Instant at) {
        status(event.jobId().value(), "CANCELLED", null, at);
    }

    @EventHandler
    void on(SceneMiningRulesPublishedEvent event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.sql("""
                insert into scene_mining_rules_view (tenant_id, version, rules, published_at) values (?, ?, cast(? as jsonb), ?)
                on conflict (tenant_id, version) do nothing""")
                .params(event.tenantId(), event.rules().version(), json.writeValueAsString(event.rules()), java.sql.Timestamp.from(at))
                .update();
    }

    private void status(String jobId, String status, String reason, Instant at) {
        jdbc.sql("update scene_mining_job_view set status = ?, reason = coalesce(?, reason), updated_at = ? where job_id = ?")
                .params(status, reason, java.sql.Timestamp.from(at), jobId).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from scene_mining_job_view").update();
        jdbc.sql("delete from scene_mining_rules_view").update();
    }
}
