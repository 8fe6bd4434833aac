package io.fleetloop.projections.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Data-flow rules with how often each dispatched work. */
@Component
@ProcessingGroup("data-flows")
class DataFlowProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DataFlowProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(DataFlowCreatedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into data_flow_view (flow_id, tenant_id, name, flow_rule, action, created_at)
                values (?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?) on conflict (flow_id) do nothing""")
                .params(event.flowId().value(), event.tenantId(), event.name(), json.writeValueAsString(event.flowRule()),
                        json.writeValueAsString(event.action()), Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(OrchestrationTaskCreatedEvent event) {
        if (event.flowId() == null) return; // a backfill's ingestion (type INGESTION) was dispatched by no flow
        jdbc.sql("update data_flow_view set dispatch_count = dispatch_count + 1 where flow_id = ?").param(event.flowId().value()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from data_flow_view").update();
    }
}
