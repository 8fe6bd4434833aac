package io.fleetloop.projections.support;

import io.fleetloop.infra.LocalInfra;
import io.fleetloop.infra.PostgresEndpoint;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

/**
 * A real PostgreSQL (a local server if one answers, else an embedded one, as the platform does) with the read-model
 * schema of this module's own Flyway migrations, started once per test JVM for projection tests.
 */
public final class ReadModelDatabase {

    private static JdbcClient jdbc;
    private static JdbcTemplate template;

    private ReadModelDatabase() {
    }

    public static synchronized JdbcClient jdbc() {
        if (jdbc == null) {
            LocalInfra infra;
            try {
                infra = LocalInfra.builder().dataDir(Files.createTempDirectory("projection-tests")).postgres(true)
                        .temporaryPostgresDatabase("projections_test_" + UUID.randomUUID().toString().substring(0, 8)).elasticsearch(false).objectStore(false).kafka(false)
                        .fixedPorts(false).registerShutdownHook(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PostgresEndpoint postgres = infra.postgres();
            DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            jdbc = JdbcClient.create(dataSource);
            template = new JdbcTemplate(dataSource);
        }
        return jdbc;
    }

    /** A JdbcTemplate on the same database (for the projections' JDBC batches). */
    public static synchronized JdbcTemplate template() {
        jdbc();
        return template;
    }
}
