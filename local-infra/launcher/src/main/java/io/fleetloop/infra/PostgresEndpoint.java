package io.fleetloop.infra;

/**
 * Where the PostgreSQL database is.
 *
 * @param jdbcUrl  JDBC URL of the requested database (or of the probed/maintenance database if none was requested)
 * @param username user to connect as
 * @param password its password; empty for trust authentication (the embedded server and the usual local server)
 * @param embedded true if local-infra started an embedded server, false if it uses a server that already answered
 */
public record PostgresEndpoint(String jdbcUrl, String username, String password, boolean embedded) {
}
