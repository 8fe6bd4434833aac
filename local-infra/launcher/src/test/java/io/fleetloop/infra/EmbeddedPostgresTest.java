package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.Assertions;

/** Nothing listens at the probe URL: an embedded PostgreSQL starts, and keeps its data across restarts. */
class EmbeddedPostgresTest {

    private Path dataDir;
    private String deadProbeUrl;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = TestSupport.newDataDir("embedded-pg");
        int nobodyListens = Ports.pick(false, 0);
        assertThat(Ports.answers("127.0.0.1", nobodyListens, 500)).isFalse();
        deadProbeUrl = "jdbc:postgresql://127.0.0.1:" + nobodyListens + "/postgres";
    }

    @AfterEach
    void tearDown() {
        TestSupport.deleteQuietly(dataDir);
    }

    private LocalInfra start() {
        return LocalInfra.builder().dataDir(dataDir).postgres(true).postgresProbeUrl(deadProbeUrl)
                .postgresDatabase("telemetry", false).fixedPorts(false).start();
    }

    @Test
    void startsEmbeddedPostgresWhenNothingAnswersAndKeepsTheDataAcrossRestarts() throws Exception {
        int port;
        try (LocalInfra infra = start()) {
            PostgresEndpoint pg = infra.postgres();
            assertThat(pg.embedded()).isTrue();
            assertThat(pg.username()).isEqualTo("postgres");
            assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/telemetry");
            assertThat(infra.describe()).contains("embedded", dataDir.resolve("postgres").toString(),
                    dataDir.resolve("logs/postgres.log").toString());
            port = TestSupport.port(pg.jdbcUrl().replace("jdbc:", ""));
            try (Connection connection = PostgresServer.connect(pg.jdbcUrl(), pg.username(), pg.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("create table signal (id bigint primary key, name text)");
                statement.execute("insert into signal values (1, 'brake_pressure')");
                try (ResultSet rs = statement.executeQuery("select version()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("PostgreSQL 17");
                }
                for (String durable : List.of("fsync", "synchronous_commit")) {
                    try (ResultSet rs = statement.executeQuery("show " + durable)) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as(durable).isEqualTo("on");
                    }
                }
            }
        }
        assertThat(Ports.isFree(port)).as("embedded PostgreSQL released port %d", port).isTrue();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();

        try (LocalInfra infra = start()) {
            PostgresEndpoint pg = infra.postgres();
            try (Connection connection = PostgresServer.connect(pg.jdbcUrl(), pg.username(), pg.password());
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select name from signal where id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("brake_pressure");
            }
        }
    }

    @Test
    void aSecondLocalInfraOnTheSameDataFolderIsRefused() {
        try (LocalInfra first = LocalInfra.builder().dataDir(dataDir).start()) {
            Assertions.assertThatThrownBy(() -> LocalInfra.builder().dataDir(dataDir).start())
                    .isInstanceOf(LocalInfraException.class)
                    .hasMessageContaining("in use by another running Fleetloop local infra")
                    .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()));
            assertThat(first.describe()).contains("no servers requested");
        }
        assertThat(List.of(dataDir.resolve("run/local-infra.lock"))).allSatisfy(p -> assertThat(p).exists());
    }
}
