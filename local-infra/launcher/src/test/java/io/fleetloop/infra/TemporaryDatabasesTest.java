package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's own databases on a PostgreSQL server that outlives the run (test JVMs on the machine's server) are dropped
 * when the run lets the server go; other databases stay. The "machine's server" here is an embedded one started by
 * another {@link LocalInfra}, which the run under test finds at its probe URL.
 */
class TemporaryDatabasesTest {

    private Path serverDir;
    private Path runDir;
    private LocalInfra server;
    private String maintenanceUrl;

    @BeforeEach
    void setUp() throws Exception {
        serverDir = TestSupport.newDataDir("temp-db-server");
        runDir = TestSupport.newDataDir("temp-db-run");
        int nobodyListens = Ports.pick(false, 0);
        server = LocalInfra.builder().dataDir(serverDir).postgres(true)
                .postgresProbeUrl("jdbc:postgresql://127.0.0.1:" + nobodyListens + "/postgres")
                .postgresDatabase("kept", false).fixedPorts(false).start();
        assertThat(server.postgres().embedded()).isTrue();
        maintenanceUrl = server.postgres().jdbcUrl().replace("/kept", "/postgres");
    }

    @AfterEach
    void tearDown() {
        server.close();
        TestSupport.deleteQuietly(serverDir);
        TestSupport.deleteQuietly(runDir);
    }

    @Test
    void dropsTheRunsDatabasesAtCloseAndKeepsTheOthers() throws Exception {
        String extraUrl;
        Connection left;
        try (LocalInfra run = LocalInfra.builder().dataDir(runDir).postgres(true).postgresProbeUrl(maintenanceUrl)
                .temporaryPostgresDatabase("run_main").fixedPorts(false).start()) {
            assertThat(run.postgres().embedded()).as("the run uses the server that already answers").isFalse();
            assertThat(run.postgres().jdbcUrl()).endsWith("/run_main");
            extraUrl = run.createTemporaryDatabase("run_extra");
            assertThat(extraUrl).endsWith("/run_extra");
            try (Connection connection = PostgresServer.connect(extraUrl, "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("create table probe (id int)");
            }
            // a session the run leaves open (a platform still shutting down) does not keep its database alive
            left = PostgresServer.connect(run.postgres().jdbcUrl(), "postgres", "");
            assertThat(left.isValid(1)).isTrue();
            assertThat(databases()).contains("run_main", "run_extra", "kept");
        }
        assertThat(databases()).contains("kept").doesNotContain("run_main", "run_extra");
        assertThat(left.isValid(1)).as("the left session was ended").isFalse();
        left.close();
    }

    @Test
    void recreatesATemporaryDatabaseThatAnEarlierKilledRunLeft() throws Exception {
        try (Connection connection = PostgresServer.connect(maintenanceUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create database run_left");
        }
        try (Connection connection = PostgresServer.connect(maintenanceUrl.replace("/postgres", "/run_left"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create table stale (id int)");
        }
        try (LocalInfra run = LocalInfra.builder().dataDir(runDir).postgres(true).postgresProbeUrl(maintenanceUrl)
                .fixedPorts(false).start()) {
            String url = run.createTemporaryDatabase("run_left");
            try (Connection connection = PostgresServer.connect(url, "postgres", "");
                 PreparedStatement query = connection.prepareStatement("select count(*) from pg_tables where tablename = 'stale'");
                 ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("created afresh").isZero();
            }
            assertThatThrownBy(() -> run.createTemporaryDatabase(" ")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(databases()).doesNotContain("run_left");
    }

    private List<String> databases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = PostgresServer.connect(maintenanceUrl, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select datname from pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
