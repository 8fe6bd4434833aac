package io.fleetloop.projections.behavior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.ProblemSampleExportedToAnnotationEvent;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.catalog.AssetId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/** Problem samples with the annotation tasks they went to (idempotent upserts: a replay rebuilds the same rows). */
@Component
@ProcessingGroup("problem-samples")
class ProblemSampleProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ProblemSampleProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(ProblemSampleIdentifiedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                        insert into bhv_problem_sample_view (sample_id, tenant_id, session_id, problem_type, root_cause_segment, severity, notes,
                                                             asset_ids, device_id, scene_tags, identified_by, identified_at)
                        values (?, ?, ?, ?, cast(? as jsonb), ?, ?, cast(? as jsonb), ?, cast(? as jsonb), ?, ?) on conflict (sample_id) do nothing""")
                .params(event.sampleId().value(), event.tenantId(), event.sessionId().value(), event.problemType().name(),
                        json.writeValueAsString(event.rootCauseSegment()), event.severity().name(), event.notes(),
                        json.writeValueAsString(event.assetIds().stream().map(AssetId::value).toList()), event.deviceId(),
                        json.writeValueAsString(event.sceneTags()), event.identifiedBy(), Timestamp.from(event.identifiedAt()))
                .update();
    }

    @EventHandler
    void on(ProblemSampleExportedToAnnotationEvent event) throws JsonProcessingException {
        jdbc.sql("""
                        update bhv_problem_sample_view set annotation_task_ids = annotation_task_ids || cast(? as jsonb)
                        where sample_id = ? and not annotation_task_ids @> cast(? as jsonb)""")
                .params(json.writeValueAsString(List.of(event.annotationTaskId().value())), event.sampleId().value(),
                        json.writeValueAsString(List.of(event.annotationTaskId().value())))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from bhv_problem_sample_view").update();
    }
}
