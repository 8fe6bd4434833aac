package io.fleetloop.command.orchestration.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.AiModelRegisteredEvent;
import io.fleetloop.api.orchestration.workflow.BuiltinOperators;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.OperatorRegisteredEvent;
import io.fleetloop.api.orchestration.workflow.OperatorVersionAddedEvent;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The workflow context's command-side lookup tables (operator versions, AI models), kept subscribing in the transaction
 * of the command that stored the event, so a revision saved right after an operator version was added can pin it.
 * Every read names the tenant: another tenant's operator is as absent as a missing one.
 */
@Component
@ProcessingGroup(WorkflowLookupTables.PROCESSING_GROUP)
class WorkflowLookupTables implements OperatorResolver, AiModelDirectory {

    static final String PROCESSING_GROUP = "workflow-lookup";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    WorkflowLookupTables(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(OperatorRegisteredEvent event) throws JsonProcessingException {
        insert(event.operatorId().value(), event.tenantId(), event.name(), event.kind(), event.version());
    }

    @EventHandler
    void on(OperatorVersionAddedEvent event) throws JsonProcessingException {
        insert(event.operatorId().value(), event.tenantId(), event.name(), event.kind(), event.version());
    }

    @EventHandler
    void on(AiModelRegisteredEvent event) {
        jdbc.sql("insert into workflow_ai_model_lookup (model_id, tenant_id, base_url, model) values (?, ?, ?, ?) on conflict (model_id) do nothing")
                .params(event.modelId().value(), event.tenantId(), event.baseUrl(), event.model()).update();
    }

    private void insert(String operatorId, String tenantId, String name, OperatorKind kind, OperatorVersionDefinition version)
            throws JsonProcessingException {
        jdbc.sql("""
                insert into workflow_operator_version_lookup (operator_id, version, tenant_id, name, kind, definition)
                values (?, ?, ?, ?, ?, cast(? as jsonb)) on conflict (operator_id, version) do nothing""")
                .params(operatorId, version.version(), tenantId, name, kind.name(), json.writeValueAsString(version)).update();
    }

    @Override
    public Optional<Resolved> resolve(String tenantId, String operatorId, Integer version) {
        var builtin = BuiltinOperators.byId(operatorId);
        if (builtin.isPresent()) {
            OperatorVersionDefinition definition = builtin.get().version();
            if (version != null && version != definition.version()) return Optional.empty();
            return Optional.of(new Resolved(new OperatorRef(operatorId, definition.version(), OperatorKind.BUILTIN, definition.spec()), definition));
        }
        String sql = "select kind, definition from workflow_operator_version_lookup where tenant_id = ? and operator_id = ?"
                + (version == null ? " order by version desc limit 1" : " and version = ?");
        var statement = jdbc.sql(sql).param(tenantId).param(operatorId);
        if (version != null) statement = statement.param(version);
        return statement.query((rs, i) -> {
            try {
                OperatorVersionDefinition definition = json.readValue(rs.getString(2), OperatorVersionDefinition.class);
                return new Resolved(new OperatorRef(operatorId, definition.version(), OperatorKind.valueOf(rs.getString(1)), definition.spec()),
                        definition);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).optional();
    }

    @Override
    public boolean exists(String tenantId, String operatorId) {
        return BuiltinOperators.byId(operatorId).isPresent()
                || jdbc.sql("select count(*) from workflow_operator_version_lookup where tenant_id = ? and operator_id = ?")
                .params(tenantId, operatorId).query(Long.class).single() > 0;
    }

    @Override
    public boolean exists(String tenantId, io.fleetloop.api.orchestration.workflow.AiModelId modelId) {
        return jdbc.sql("select count(*) from workflow_ai_model_lookup where tenant_id = ? and model_id = ?")
                .params(tenantId, modelId.value()).query(Long.class).single() > 0;
    }
}
