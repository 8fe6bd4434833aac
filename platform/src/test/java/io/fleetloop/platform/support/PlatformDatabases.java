package io.fleetloop.platform.support;

import io.fleetloop.infra.PostgresEndpoint;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Creates an extra database next to the test JVM's own, for a platform that must not share its event store. */
final class PlatformDatabases {

    private PlatformDatabases() {
    }

    static String create(PostgresEndpoint postgres, String database) {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             var statement = connection.createStatement()) {
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        String url = postgres.jdbcUrl();
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }
}
