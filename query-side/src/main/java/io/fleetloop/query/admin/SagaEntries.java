package io.fleetloop.query.admin;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The saga store's listing, read-only. Axon's {@code SagaStore} finds sagas by one association value and loads one saga by
 * id, but has no call that lists the sagas of a type (nor the types present), so the operator console's list reads Axon's
 * own tables ({@code saga_entry}, owned by platform's Flyway migration) here; each saga is then loaded through the
 * {@code SagaStore} API.
 */
@Component
public class SagaEntries {

    private final JdbcTemplate jdbc;

    public SagaEntries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** In-flight sagas per type (the stored type name, a class name). */
    public Map<String, Long> countsByType() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select saga_type, count(*) as n from saga_entry group by saga_type",
                rs -> {
                    counts.put(rs.getString("saga_type"), rs.getLong("n"));
                });
        return counts;
    }

    /** Saga ids of one type, sorted for a stable page, at most {@code limit}. */
    public List<String> idsOfType(String sagaType, int limit) {
        return jdbc.queryForList("select saga_id from saga_entry where saga_type = ? order by saga_id limit ?", String.class, sagaType, limit);
    }
}
