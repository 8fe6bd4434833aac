package io.fleetloop.command.behavior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The behaviour context's command-side lookup tables (sessions, problem samples, data sources, device types), kept
 * by {@link BehaviorLookupTables} in the same transaction as the event; what problem samples and feedback decisions
 * decide from. Every read names the tenant: another tenant's row is as absent as a missing one.
 */
@Component
public class BehaviorDirectory {

    /** A session as a problem sample needs it. */
    public record Session(BehaviorSessionId sessionId, String tenantId, String deviceId, Instant from, Instant to, List<AssetId> assetIds,
                          List<String> sceneTags) {
    }

    /** A problem sample as export-to-annotation and the feedback decision need it. */
    public record Sample(ProblemSampleId sampleId, String tenantId, BehaviorSessionId sessionId, ProblemType problemType,
                         RootCauseSegment segment, List<AssetId> assetIds, String deviceId, List<String> sceneTags) {
    }

    public record Source(String sourceId, String name) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BehaviorDirectory(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Session> session(String tenantId, BehaviorSessionId sessionId) {
        return jdbc.sql("select session_id, tenant_id, device_id, range_from, range_to, asset_ids, scene_tags from bhv_session_lookup"
                        + " where session_id = ? and tenant_id = ?")
                .params(sessionId.value(), tenantId)
                .query((rs, i) -> new Session(new BehaviorSessionId(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), assets(rs.getString(6)), strings(rs.getString(7))))
                .optional();
    }

    /** The tenant's samples among {@code ids}, in the order asked; missing (or other tenants') ones are left out. */
    public List<Sample> samples(String tenantId, Collection<ProblemSampleId> ids) {
        List<String> wanted = ids.stream().map(ProblemSampleId::value).distinct().toList();
        if (wanted.isEmpty()) return List.of();
        List<Sample> found = jdbc.sql("""
                        select sample_id, tenant_id, session_id, problem_type, segment_from, segment_to, channels, asset_ids, device_id, scene_tags
                        from bhv_sample_lookup where tenant_id = :tenant and sample_id in (:ids)""")
                .param("tenant", tenantId).param("ids", wanted)
                .query(this::sample).list();
        return wanted.stream().flatMap(id -> found.stream().filter(s -> s.sampleId().value().equals(id))).toList();
    }

    public Optional<Source> source(String tenantId, String sourceId) {
        return jdbc.sql("select source_id, name from bhv_source_lookup where source_id = ? and tenant_id = ?").params(sourceId, tenantId)
                .query((rs, i) -> new Source(rs.getString(1), rs.getString(2))).optional();
    }

    /** The tenant's data sources, at most {@code limit}, by name. */
    public List<Source> sources(String tenantId, int limit) {
        return jdbc.sql("select source_id, name from bhv_source_lookup where tenant_id = ? order by name limit ?").params(tenantId, limit)
                .query((rs, i) -> new Source(rs.getString(1), rs.getString(2))).list();
    }

    public Optional<String> deviceType(String tenantId, String deviceId) {
        return jdbc.sql("select device_type from bhv_device_lookup where tenant_id = ? and device_id = ?").params(tenantId, deviceId)
                .query(String.class).optional();
    }

    void add(BehaviorSessionCreatedEvent event) {
        jdbc.sql("""
                        insert into bhv_session_lookup (session_id, tenant_id, device_id, range_from, range_to, asset_ids, scene_tags)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb)) on conflict (session_id) do nothing""")
                .params(event.sessionId().value(), event.tenantId(), event.deviceId(), Timestamp.from(event.from()), Timestamp.from(event.to()),
                        write(event.assetIds().stream().map(AssetId::value).toList()), write(event.sceneTags()))
                .update();
    }

    void add(ProblemSampleIdentifiedEvent event) {
        RootCauseSegment segment = event.rootCauseSegment();
        jdbc.sql("""
                        insert into bhv_sample_lookup (sample_id, tenant_id, session_id, problem_type, segment_from, segment_to, channels,
                                                       asset_ids, device_id, scene_tags)
                        values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, cast(? as jsonb)) on conflict (sample_id) do nothing""")
                .params(event.sampleId().value(), event.tenantId(), event.sessionId().value(), event.problemType().name(),
                        Timestamp.from(segment.from()), Timestamp.from(segment.to()), write(segment.channels()),
                        write(event.assetIds().stream().map(AssetId::value).toList()), event.deviceId(), write(event.sceneTags()))
                .update();
    }

    void add(DataSourceCreatedEvent event) {
        jdbc.sql("insert into bhv_source_lookup (source_id, tenant_id, name) values (?, ?, ?) on conflict (source_id) do nothing")
                .params(event.sourceId().value(), event.tenantId(), event.name()).update();
    }

    void add(DeviceRegisteredEvent event) {
        jdbc.sql("""
                        insert into bhv_device_lookup (tenant_id, device_id, device_type) values (?, ?, ?)
                        on conflict (tenant_id, device_id) do update set device_type = excluded.device_type""")
                .params(event.tenantId(), event.deviceId(), event.deviceType().name()).update();
    }

    private Sample sample(ResultSet rs, int row) throws SQLException {
        return new Sample(new ProblemSampleId(rs.getString(1)), rs.getString(2), new BehaviorSessionId(rs.getString(3)),
                ProblemType.valueOf(rs.getString(4)),
                new RootCauseSegment(rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), strings(rs.getString(7))),
                assets(rs.getString(8)), rs.getString(9), strings(rs.getString(10)));
    }

    private List<AssetId> assets(String value) {
        return strings(value).stream().map(AssetId::new).toList();
    }

    private List<String> strings(String value) {
        try {
            return json.readValue(value, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable list in a behaviour lookup table", e);
        }
    }

    private String write(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
