package io.fleetloop.sagas.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The data-flow dispatcher's own lookup table of each tenant's data-flow rules (table orchestration_data_flow,
 * owned by sagas), kept by a subscribing processor in the creating command's transaction.
 */
@Component
@ProcessingGroup(DataFlowRules.PROCESSING_GROUP)
class DataFlowRules {

    static final String PROCESSING_GROUP = "orchestration-lookup";

    record Rule(DataFlowId flowId, String tenantId, FlowRule flowRule, FlowAction action) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DataFlowRules(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<Rule> of(String tenantId) {
        return jdbc.sql("select flow_id, tenant_id, flow_rule, action from orchestration_data_flow where tenant_id = ? order by created_at, flow_id")
                .param(tenantId)
                .query((rs, i) -> {
                    try {
                        return new Rule(new DataFlowId(rs.getString(1)), rs.getString(2), json.readValue(rs.getString(3), FlowRule.class),
                                json.readValue(rs.getString(4), FlowAction.class));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).list();
    }

    @EventHandler
    void on(DataFlowCreatedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into orchestration_data_flow (flow_id, tenant_id, flow_rule, action, created_at)
                values (?, ?, cast(? as jsonb), cast(? as jsonb), ?) on conflict (flow_id) do nothing""")
                .params(event.flowId().value(), event.tenantId(), json.writeValueAsString(event.flowRule()),
                        json.writeValueAsString(event.action()), Timestamp.from(event.createdAt()))
                .update();
    }
}
