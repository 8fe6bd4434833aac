package io.fleetloop.platform.jdbc;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The application's data source, whose connections hold back the command path's write-only inserts until the
 * transaction commits and then send them with the COMMIT in one round trip ({@link DeferredWritesConnection}).
 * <p>
 * Deferred are writes whose result nobody reads inside the transaction: Axon's event append, the inserts that
 * skip an existing row ({@code on conflict ... do nothing}) into the audit table and the command side's asset lookup
 * tables, and the in-place updates of those lookup tables. Anything else on the connection sends them first, so the
 * transaction reads what it wrote.
 */
public final class DeferredWritesDataSource extends DelegatingDataSource implements AutoCloseable {

    /** Tables whose inserts may wait for the commit (the event append; audit and lookup rows when they skip duplicates). */
    static final String EVENT_TABLE = "domain_event_entry";
    /**
     * The command side's asset lookup tables, whose in-place updates (scene tags, long-tail tags, object classes, set by
     * their subscribing handlers, which never read the row count) may wait for the commit too: a scene-mining job's
     * per-asset command then makes one round trip for its writes instead of one per lookup table.
     */
    static final List<String> LOOKUP_TABLES = List.of("annotation_asset_directory", "behavior_asset_directory",
            "catalog_asset_directory");
    /** The audit table and the lookup tables: their inserts wait when they skip an existing row. */
    static final List<String> SKIP_DUPLICATE_TABLES = Stream.concat(Stream.of("audit_record"), LOOKUP_TABLES.stream()).toList();

    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    public DeferredWritesDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DeferredWritesConnection.wrap(obtainTargetDataSource().getConnection(), this::deferrable);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return DeferredWritesConnection.wrap(obtainTargetDataSource().getConnection(username, password), this::deferrable);
    }

    /** Closes the pool it wraps when the application stops (the bean's inferred destroy method). */
    @Override
    public void close() throws Exception {
        if (obtainTargetDataSource() instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    boolean deferrable(String sql) {
        Boolean known = decided.get(sql);
        if (known != null) return known;
        boolean answer = isDeferrable(DeferredWritesConnection.normalized(sql));
        if (decided.size() < 10_000) decided.put(sql, answer);
        return answer;
    }

    static boolean isDeferrable(String sql) {
        if (sql.contains(" returning ") || sql.contains(" select ")) return false;
        if (sql.startsWith("update ")) {
            // a lookup table's row changed in place (its tags, its object classes): nobody reads the count
            String table = sql.substring("update ".length()).split(" ", 2)[0];
            return LOOKUP_TABLES.contains(table) && sql.contains(" set ") && sql.contains(" where ");
        }
        if (!sql.startsWith("insert into ")) return false;
        String table = sql.substring("insert into ".length()).split("[ (]", 2)[0];
        if (table.equals(EVENT_TABLE)) return true;
        return SKIP_DUPLICATE_TABLES.contains(table) && sql.contains(" on conflict ") && sql.endsWith(" do nothing");
    }
}
