package io.fleetloop.platform.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.fleetloop.infra.LocalInfra;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deferred inserts against a real PostgreSQL: they are written with the commit, seen by the transaction's own
 * reads, dropped by a rollback, and a second first event of an aggregate is refused as Axon's JDBC engine refuses it,
 * with nothing of that transaction written.
 */
class DeferredWritesTest {

    private static LocalInfra infra;
    private static HikariDataSource pool;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void start() throws Exception {
        infra = LocalInfra.builder().dataDir(Files.createTempDirectory("fleetloop-deferred-")).postgres(true)
                .temporaryPostgresDatabase("fleetloop_deferred_" + UUID.randomUUID().toString().substring(0, 8))
                .fixedPorts(false).start();
        pool = new HikariDataSource();
        pool.setJdbcUrl(infra.postgres().jdbcUrl());
        pool.setUsername(infra.postgres().username());
        pool.setPassword(infra.postgres().password());
        pool.setMaximumPoolSize(2);
        DeferredWritesDataSource dataSource = new DeferredWritesDataSource(pool);
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        jdbc.execute("""
                create table domain_event_entry (global_index bigserial primary key, event_identifier varchar(255) not null unique,
                  aggregate_identifier varchar(255) not null, sequence_number bigint not null, payload bytea,
                  unique (aggregate_identifier, sequence_number))""");
        jdbc.execute("create table audit_record (record_id varchar(255) primary key, detail varchar(4000))");
        jdbc.execute("create table asset_view (asset_id varchar(255) primary key)");
        jdbc.execute("create table catalog_asset_directory (asset_id varchar(255) primary key, scene_tags text[] check (cardinality(scene_tags) < 3))");
    }

    @AfterAll
    static void stop() {
        if (pool != null) pool.close();
        if (infra != null) infra.close();
    }

    @BeforeEach
    void clear() {
        jdbc.execute("truncate domain_event_entry, audit_record, asset_view, catalog_asset_directory");
    }

    private static void append(String aggregate, long sequence) {
        jdbc.batchUpdate("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, payload) VALUES (?,?,?,?)",
                List.<Object[]>of(new Object[] {UUID.randomUUID().toString(), aggregate, sequence, new byte[] {1, 2, 3}}));
    }

    private static void audit(String id, String detail) {
        jdbc.update("insert into audit_record (record_id, detail) values (?, ?) on conflict (record_id) do nothing", id, detail);
    }

    private static long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    void deferredInsertsAreWrittenWithTheCommitAndSeenByTheTransactionsOwnReads() {
        long seenInside = transactions.execute(status -> {
            audit("r1", null);
            append("a1", 0);
            append("a1", 1);
            audit("r2", "with 'quotes' and ? marks");
            return count("domain_event_entry") * 10 + count("audit_record");
        });
        assertThat(seenInside).isEqualTo(22);
        assertThat(count("domain_event_entry")).isEqualTo(2);
        assertThat(jdbc.queryForObject("select detail from audit_record where record_id = 'r2'", String.class))
                .isEqualTo("with 'quotes' and ? marks");
        assertThat(jdbc.queryForList("select sequence_number from domain_event_entry order by global_index", Long.class))
                .containsExactly(0L, 1L);
    }

    @Test
    void onlyTheListedInsertsWaitAndTheyKeepTheirOrderAroundOtherStatements() {
        transactions.executeWithoutResult(status -> {
            append("a2", 0);
            jdbc.update("insert into asset_view (asset_id) values (?)", "x"); // not deferred: sends the append first
            append("a2", 1);
        });
        assertThat(count("domain_event_entry")).isEqualTo(2);
        assertThat(count("asset_view")).isEqualTo(1);
    }

    @Test
    void aRollbackDropsWhatWaits() {
        transactions.executeWithoutResult(status -> {
            append("a3", 0);
            audit("r3", null);
            status.setRollbackOnly();
        });
        assertThat(count("domain_event_entry")).isZero();
        assertThat(count("audit_record")).isZero();
    }

    @Test
    void aSecondFirstEventIsRefusedAsAnExistingAggregateAndNothingOfItsTransactionIsWritten() {
        transactions.executeWithoutResult(status -> append("a4", 0));
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            audit("r4", null);
            append("a4", 0);
        })).isInstanceOf(AggregateStreamCreationException.class).hasMessageContaining("Cannot reuse aggregate identifier [a4]");
        assertThat(count("domain_event_entry")).isEqualTo(1);
        assertThat(count("audit_record")).isZero();
        // the connection is usable again afterwards
        transactions.executeWithoutResult(status -> append("a4", 1));
        assertThat(count("domain_event_entry")).isEqualTo(2);
    }

    @Test
    void aLaterEventAtATakenSequenceIsAConcurrencyRefusal() {
        transactions.executeWithoutResult(status -> {
            append("a5", 0);
            append("a5", 1);
        });
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> append("a5", 1)))
                .isInstanceOf(ConcurrencyException.class).hasMessageContaining("a5");
        assertThat(count("domain_event_entry")).isEqualTo(2);
    }

    /**
     * A batch's parameters stay set from row to row (JDBC): a row that sets only some of them keeps the others' last
     * values, for a small batch (waiting with the commit) and a large one (sent at once), and a large batch of every
     * row's own values is written row by row.
     */
    @Test
    void batchRowsKeepTheParametersTheyDidNotSetAgain() {
        String insert = "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, payload) VALUES (?,?,?,?)";
        for (int rows : new int[] {5, DeferredWritesConnection.MAX_DEFERRED_BATCH + 1, 1000}) {
            clear();
            transactions.executeWithoutResult(status -> jdbc.execute((java.sql.Connection connection) -> {
                try (java.sql.PreparedStatement statement = connection.prepareStatement(insert)) {
                    statement.setBytes(4, new byte[] {7});
                    statement.setString(2, "same");
                    for (int row = 0; row < rows; row++) {
                        statement.setString(1, "e" + row);
                        if (row == rows - 1) statement.setString(2, "last");
                        statement.setLong(3, row);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                return null;
            }));
            assertThat(count("domain_event_entry")).isEqualTo(rows);
            assertThat(jdbc.queryForList("select sequence_number from domain_event_entry order by global_index", Long.class))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, rows).boxed().toList());
            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = 'same' and payload = '\\x07'::bytea",
                    Long.class)).isEqualTo(rows - 1);
            assertThat(jdbc.queryForObject("select event_identifier from domain_event_entry where aggregate_identifier = 'last'", String.class))
                    .isEqualTo("e" + (rows - 1));
        }
    }

    /**
     * A lookup table's in-place update waits for the commit like the inserts: the transaction's own read sees it (sent
     * first), and when it fails at the commit nothing of the transaction is written. Other updates run at once.
     */
    @Test
    void aLookupTablesUpdateWaitsForTheCommitAndFailsItWhole() {
        jdbc.update("insert into catalog_asset_directory (asset_id) values ('a7')");
        String[] seen = transactions.execute(status -> {
            jdbc.update("update catalog_asset_directory set scene_tags = ? where asset_id = ?", new String[] {"night", "rain"}, "a7");
            return jdbc.queryForObject("select scene_tags from catalog_asset_directory where asset_id = 'a7'",
                    (rs, n) -> (String[]) rs.getArray(1).getArray());
        });
        assertThat(seen).containsExactly("night", "rain");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            append("a7", 0);
            // breaks the table's check: accepted now (it waits), refused with the COMMIT
            assertThat(jdbc.update("update catalog_asset_directory set scene_tags = ? where asset_id = ?", new String[] {"a", "b", "c"}, "a7"))
                    .isEqualTo(1);
        })).isNotNull();
        assertThat(count("domain_event_entry")).isZero();
        assertThat(jdbc.queryForObject("select cardinality(scene_tags) from catalog_asset_directory where asset_id = 'a7'", Integer.class)).isEqualTo(2);

        assertThat(DeferredWritesDataSource.isDeferrable("update catalog_asset_directory set scene_tags = ? where asset_id = ?")).isTrue();
        assertThat(DeferredWritesDataSource.isDeferrable("update asset_view set x = ? where asset_id = ?")).isFalse();
        assertThat(DeferredWritesDataSource.isDeferrable("update catalog_asset_directory set scene_tags = ? where asset_id = ? returning asset_id")).isFalse();
    }

    @Test
    void outsideATransactionEveryInsertRunsAtOnce() {
        append("a6", 0);
        assertThat(count("domain_event_entry")).isEqualTo(1);
    }

    @Test
    void aDeferredStatementDropsTrailingSemicolonsAsTheRegexDid() {
        for (String sql : List.of("insert into t values (?)", "  insert into t values (?);  ", "insert into t values (?);;;", "insert into t values (';') ;",
                ";", "", "insert into t values (?); \n")) {
            assertThat(DeferredWritesConnection.withoutTrailingSemicolons(sql)).as(sql).isEqualTo(sql.strip().replaceAll(";+$", ""));
        }
    }
}
