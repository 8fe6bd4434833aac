package io.fleetloop.projections.orchestration.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.AiModelCheckedEvent;
import io.fleetloop.api.orchestration.workflow.AiModelRegisteredEvent;
import io.fleetloop.api.orchestration.workflow.OperatorRegisteredEvent;
import io.fleetloop.api.orchestration.workflow.OperatorVersionAddedEvent;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** The tenants' operators with their versions, and the AI model registry with each model's latest check. */
@Component
@ProcessingGroup("workflow-operators")
class OperatorProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    OperatorProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(OperatorRegisteredEvent event) throws JsonProcessingException {
        jdbc.sql("insert into operator_view (operator_id, tenant_id, name, kind, registered_at) values (?, ?, ?, ?, ?) on conflict (operator_id) do nothing")
                .params(event.operatorId().value(), event.tenantId(), event.name(), event.kind().name(), Timestamp.from(event.registeredAt()))
                .update();
        version(event.operatorId().value(), event.tenantId(), event.version());
    }

    @EventHandler
    void on(OperatorVersionAddedEvent event) throws JsonProcessingException {
        version(event.operatorId().value(), event.tenantId(), event.version());
    }

    @EventHandler
    void on(AiModelRegisteredEvent event) {
        jdbc.sql("""
                insert into ai_model_view (model_id, tenant_id, name, base_url, model, credential_ref, registered_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (model_id) do nothing""")
                .params(event.modelId().value(), event.tenantId(), event.name(), event.baseUrl(), event.model(), event.credentialRef(),
                        Timestamp.from(event.registeredAt()))
                .update();
    }

    @EventHandler
    void on(AiModelCheckedEvent event) {
        jdbc.sql("""
                update ai_model_view set available = ?, model_listed = ?, http_status = ?, check_detail = ?, latency_millis = ?, checked_at = ?
                where model_id = ? and (checked_at is null or checked_at <= ?)""")
                .params(event.available(), event.modelListed(), event.httpStatus(), truncate(event.detail()), event.latencyMillis(),
                        Timestamp.from(event.checkedAt()), event.modelId().value(), Timestamp.from(event.checkedAt()))
                .update();
    }

    private void version(String operatorId, String tenantId, OperatorVersionDefinition version) throws JsonProcessingException {
        jdbc.sql("""
                insert into operator_version_view (operator_id, version, tenant_id, definition) values (?, ?, ?, cast(? as jsonb))
                on conflict (operator_id, version) do nothing""")
                .params(operatorId, version.version(), tenantId, json.writeValueAsString(version)).update();
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 1024 ? detail : detail.substring(0, 1024);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from operator_version_view").update();
        jdbc.sql("delete from operator_view").update();
        jdbc.sql("delete from ai_model_view").update();
    }
}
