package io.fleetloop.query.behavior;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BehaviorSessionView;
import io.fleetloop.api.behavior.BehaviorSessionsResponse;
import io.fleetloop.api.behavior.ChannelInterpolation;
import io.fleetloop.api.behavior.ClockOffsetEstimate;
import io.fleetloop.api.behavior.FindBehaviorSessionQuery;
import io.fleetloop.api.behavior.ListBehaviorSessionsQuery;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.SessionSource;
import io.fleetloop.api.behavior.Severity;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Behaviour sessions with their sources (and where they are stored) and timeline markers; within the caller's tenant. */
@Component
class SessionQueryHandlers {

    private static final String COLUMNS = """
            session_id, name, device_id, from_nanos, to_nanos, scene_tags, sources, interpolation, estimates, max_gap_nanos,
            created_by, created_at, tenant_id""";
    private static final TypeReference<List<SessionSource>> SOURCES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, ChannelInterpolation>> POLICIES = new TypeReference<>() {
    };
    private static final TypeReference<List<ClockOffsetEstimate>> ESTIMATES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SessionQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<BehaviorSessionView> handle(FindBehaviorSessionQuery query) {
        return jdbc.sql("select " + COLUMNS + " from behavior_session_view where tenant_id = ? and session_id = ?")
                .params(query.tenantId(), query.sessionId().value()).query(this::session).optional();
    }

    @QueryHandler
    BehaviorSessionsResponse handle(ListBehaviorSessionsQuery query) {
        String where = " where tenant_id = ?" + (query.deviceId() == null ? "" : " and device_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.deviceId() != null) params.add(query.deviceId());
        long total = jdbc.sql("select count(*) from behavior_session_view" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(query.page().size());
        paged.add(query.page().offset());
        List<BehaviorSessionView> items = jdbc.sql("select " + COLUMNS + " from behavior_session_view" + where
                + " order by created_at desc, session_id limit ? offset ?").params(paged).query(this::session).list();
        return new BehaviorSessionsResponse(items, query.page().page(), query.page().size(), total);
    }

    private BehaviorSessionView session(ResultSet rs, int row) throws SQLException {
        try {
            String sessionId = rs.getString("session_id");
            String tenant = rs.getString("tenant_id");
            List<SessionSource> sources = json.readValue(rs.getString("sources"), SOURCES);
            Map<String, String> paths = new HashMap<>();
            if (!sources.isEmpty()) {
                String[] ids = sources.stream().map(s -> s.assetId().value()).toArray(String[]::new);
                jdbc.sql("select asset_id, storage_path from behavior_asset_location where tenant_id = ? and asset_id = any(?)")
                        .params(tenant, ids).query((r, i) -> paths.put(r.getString(1), r.getString(2))).list();
            }
            List<BehaviorSessionView.Source> views = sources.stream().map(s -> new BehaviorSessionView.Source(s.assetId().value(),
                    s.kind(), s.options().get("name"), s.clockOffsetNanos(), s.options(), paths.get(s.assetId().value()))).toList();
            List<BehaviorSessionView.Marker> markers = jdbc.sql("""
                    select sample_id, problem_type, severity, from_nanos, to_nanos, channels, notes from behavior_session_marker
                    where tenant_id = ? and session_id = ? order by from_nanos, sample_id""")
                    .params(tenant, sessionId).query((r, i) -> new BehaviorSessionView.Marker(r.getString(1),
                            ProblemType.valueOf(r.getString(2)), r.getString(3) == null ? null : Severity.valueOf(r.getString(3)),
                            instant(r.getLong(4)), instant(r.getLong(5)), Arrays.asList((String[]) r.getArray(6).getArray()),
                            r.getString(7))).list();
            return new BehaviorSessionView(sessionId, rs.getString("name"), rs.getString("device_id"), instant(rs.getLong("from_nanos")),
                    instant(rs.getLong("to_nanos")), Arrays.asList((String[]) rs.getArray("scene_tags").getArray()), views,
                    json.readValue(rs.getString("interpolation"), POLICIES), json.readValue(rs.getString("estimates"), ESTIMATES),
                    rs.getLong("max_gap_nanos"), markers, rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
