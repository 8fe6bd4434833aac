package io.fleetloop.query.orchestration.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.orchestration.workflow.AiModelView;
import io.fleetloop.api.orchestration.workflow.AiModelsResponse;
import io.fleetloop.api.orchestration.workflow.BuiltinOperators;
import io.fleetloop.api.orchestration.workflow.FindOperatorQuery;
import io.fleetloop.api.orchestration.workflow.ListAiModelsQuery;
import io.fleetloop.api.orchestration.workflow.ListOperatorsQuery;
import io.fleetloop.api.orchestration.workflow.OperatorId;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import io.fleetloop.api.orchestration.workflow.OperatorView;
import io.fleetloop.api.orchestration.workflow.OperatorsResponse;
import io.fleetloop.query.common.Queries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The operator catalogue ({@code GET /v1/operators[/{id}]}: built-ins, then the tenant's operators) and {@code GET /v1/ai-models}. */
@RestController
class OperatorQueries {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Queries queries;

    OperatorQueries(JdbcClient jdbc, ObjectMapper json, Queries queries) {
        this.jdbc = jdbc;
        this.json = json;
        this.queries = queries;
    }

    @GetMapping("/v1/operators")
    OperatorsResponse list(Caller caller) {
        return queries.get(new ListOperatorsQuery(caller.tenantId()), OperatorsResponse.class);
    }

    @GetMapping("/v1/operators/{operatorId}")
    OperatorView get(Caller caller, @PathVariable String operatorId) {
        return queries.require(new FindOperatorQuery(caller.tenantId(), new OperatorId(operatorId)), OperatorView.class, "operator", operatorId);
    }

    @GetMapping("/v1/ai-models")
    AiModelsResponse aiModels(Caller caller) {
        return queries.get(new ListAiModelsQuery(caller.tenantId()), AiModelsResponse.class);
    }

    @QueryHandler
    OperatorsResponse handle(ListOperatorsQuery query) {
        List<OperatorView> items = new ArrayList<>(BuiltinOperators.ALL.stream().map(OperatorQueries::builtin).toList());
        items.addAll(operators(query.tenantId(), null));
        return new OperatorsResponse(items);
    }

    @QueryHandler
    Optional<OperatorView> handle(FindOperatorQuery query) {
        var builtin = BuiltinOperators.byId(query.operatorId().value());
        if (builtin.isPresent()) return Optional.of(builtin(builtin.get()));
        return operators(query.tenantId(), query.operatorId().value()).stream().findFirst();
    }

    @QueryHandler
    AiModelsResponse handle(ListAiModelsQuery query) {
        return new AiModelsResponse(jdbc.sql("""
                select model_id, name, base_url, model, credential_ref, registered_at, available, model_listed, http_status, check_detail,
                latency_millis, checked_at from ai_model_view where tenant_id = ? order by registered_at, model_id""")
                .param(query.tenantId())
                .query((rs, i) -> new AiModelView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), (Boolean) rs.getObject(7), (Boolean) rs.getObject(8), (Integer) rs.getObject(9),
                        rs.getString(10), (Long) rs.getObject(11), rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant()))
                .list());
    }

    private List<OperatorView> operators(String tenantId, String operatorId) {
        record Row(String id, String name, OperatorKind kind, java.time.Instant at) {
        }
        List<Row> rows = jdbc.sql("select operator_id, name, kind, registered_at from operator_view where tenant_id = ?"
                        + (operatorId == null ? "" : " and operator_id = ?") + " order by registered_at, operator_id")
                .params(operatorId == null ? List.of(tenantId) : List.of(tenantId, operatorId))
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), OperatorKind.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant()))
                .list();
        if (rows.isEmpty()) return List.of();
        Map<String, List<OperatorVersionDefinition>> versions = jdbc.sql("select operator_id, definition from operator_version_view"
                        + " where tenant_id = ?" + (operatorId == null ? "" : " and operator_id = ?") + " order by operator_id, version")
                .params(operatorId == null ? List.of(tenantId) : List.of(tenantId, operatorId))
                .query((rs, i) -> Map.entry(rs.getString(1), read(rs.getString(2))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return rows.stream().map(r -> new OperatorView(r.id(), r.name(), r.kind(), false, null, versions.getOrDefault(r.id(), List.of()), r.at()))
                .toList();
    }

    private static OperatorView builtin(BuiltinOperators.Builtin builtin) {
        return new OperatorView(builtin.operatorId().value(), builtin.name(), OperatorKind.BUILTIN, true, builtin.description(),
                List.of(builtin.version()), null);
    }

    private OperatorVersionDefinition read(String body) {
        try {
            return json.readValue(body, OperatorVersionDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
