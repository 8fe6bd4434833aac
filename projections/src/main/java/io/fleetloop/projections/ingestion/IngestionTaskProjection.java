package io.fleetloop.projections.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataIngestionStoppedEvent;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskView;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ingestion.ObjectSkippedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Status and progress of ingestion tasks. The token store shares the read model's transaction, so each event
 * is applied exactly once and the progress counters may simply add up.
 */
@Component
@ProcessingGroup("ingestion-tasks")
class IngestionTaskProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    IngestionTaskProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(IngestionTaskCreatedEvent event) {
        jdbc.sql("""
                insert into ingestion_task_view (task_id, tenant_id, source_id, status, include_pattern, target_path, modality, created_at)
                values (?, ?, ?, 'CREATED', ?, ?, ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.sourceId().value(),
                        event.ingestionRule().includePattern(), event.ingestionRule().targetPath(),
                        event.ingestionRule().modality().name(), Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(DataIngestionStartedEvent event) {
        jdbc.sql("""
                update ingestion_task_view set status = 'RUNNING', attempt = ?, started_at = ?, finished_at = null,
                    error_message = null where task_id = ?""")
                .params(event.attempt(), Timestamp.from(event.startedAt()), event.taskId().value())
                .update();
    }

    /**
     * A key the task had skipped and now ingested (a later attempt found it again) is skipped no more: it leaves the
     * count and the list. Events written before {@code skippedBefore} existed say false; for those a listed key tells.
     */
    @EventHandler
    void on(ObjectIngestedEvent event) {
        jdbc.sql("""
                update ingestion_task_view set object_count = object_count + 1, total_bytes = total_bytes + :bytes,
                    duplicate_count = duplicate_count + :duplicate,
                    skipped_count = skipped_count - case when :skippedBefore
                        or skipped_objects @> jsonb_build_array(jsonb_build_object('sourceKey', cast(:key as text))) then 1 else 0 end,
                    skipped_objects = case when skipped_objects @> jsonb_build_array(jsonb_build_object('sourceKey', cast(:key as text)))
                        then jsonb_path_query_array(skipped_objects, '$[*] ? (@.sourceKey != $key)', jsonb_build_object('key', cast(:key as text)))
                        else skipped_objects end
                where task_id = :taskId""")
                .param("bytes", event.sizeBytes())
                .param("duplicate", event.duplicate() ? 1 : 0)
                .param("skippedBefore", event.skippedBefore())
                .param("key", event.sourceKey())
                .param("taskId", event.taskId().value())
                .update();
    }

    /** Every skip counts; the first {@link IngestionTaskView#SKIPPED_OBJECTS_LISTED} are listed with their reason. */
    @EventHandler
    void on(ObjectSkippedEvent event) {
        jdbc.sql("""
                update ingestion_task_view set skipped_count = skipped_count + 1,
                    skipped_objects = case when jsonb_array_length(skipped_objects) < ?
                        then skipped_objects || jsonb_build_array(jsonb_build_object('sourceKey', cast(? as text),
                            'reason', cast(? as text), 'skippedAt', cast(? as text)))
                        else skipped_objects end
                where task_id = ?""")
                .params(IngestionTaskView.SKIPPED_OBJECTS_LISTED, event.sourceKey(), event.reason(),
                        event.skippedAt().toString(), event.taskId().value())
                .update();
    }

    /** A batch adds its asset (its object was counted by ObjectIngested); the final completion lists the rest. */
    @EventHandler
    void on(DataIngestionCompletedEvent event) throws JsonProcessingException {
        String assetIds = json.writeValueAsString(event.assetIds().stream().map(AssetId::value).toList());
        if (event.batch() != null) {
            jdbc.sql("""
                    update ingestion_task_view set asset_ids = asset_ids || (cast(? as jsonb) - array(select jsonb_array_elements_text(asset_ids)))
                    where task_id = ?""")
                    .params(assetIds, event.taskId().value())
                    .update();
            return;
        }
        jdbc.sql("""
                update ingestion_task_view set status = 'COMPLETED', object_count = ?, duplicate_count = ?, total_bytes = ?,
                    asset_ids = asset_ids || (cast(? as jsonb) - array(select jsonb_array_elements_text(asset_ids))),
                    finished_at = ? where task_id = ?""")
                .params(event.objectCount(), event.duplicateCount(), event.totalBytes(),
                        assetIds, Timestamp.from(event.completedAt()), event.taskId().value())
                .update();
    }

    @EventHandler
    void on(DataIngestionFailedEvent event) {
        jdbc.sql("update ingestion_task_view set status = 'FAILED', error_message = ?, finished_at = ? where task_id = ?")
                .params(event.errorMessage(), Timestamp.from(event.failedAt()), event.taskId().value())
                .update();
    }

    @EventHandler
    void on(DataIngestionStoppedEvent event) {
        jdbc.sql("update ingestion_task_view set status = 'STOPPED', error_message = ?, finished_at = ? where task_id = ?")
                .params(event.reason(), Timestamp.from(event.stoppedAt()), event.taskId().value())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from ingestion_task_view").update();
    }
}
