package io.fleetloop.infra;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Collections;

/**
 * Real servers for the embedded default and for tests: PostgreSQL, Elasticsearch, an S3-compatible
 * object store and Kafka, started as child processes on the loopback interface, with everything
 * (data, logs, pid files, the unpacked Elasticsearch) under one data folder that is reused across
 * restarts.
 *
 * <pre>{@code
 * try (LocalInfra infra = LocalInfra.builder()
 *         .dataDir(Path.of(".fleetloop"))
 *         .postgres(true).postgresDatabase("fleetloop", false)
 *         .elasticsearch(true).objectStore(true).kafka(true)
 *         .fixedPorts(true)
 *         .start()) {
 *     System.out.println(infra.describe());
 * }
 * }</pre>
 *
 * <p>Servers start in parallel; {@link Builder#start()} returns when all of them answer, or stops the
 * ones that did start and throws a {@link LocalInfraException} naming the server and its log file.
 * {@link #close()} stops them in reverse order; it is also run by a JVM shutdown hook. A child server
 * also stops by itself when this JVM dies, and a later start on the same data folder stops whatever an
 * earlier, killed run left behind.
 */
public final class LocalInfra implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfra.class);

    private final InfraContext ctx;
    private final PostgresServer postgres;
    private final ElasticsearchServer elasticsearch;
    private final ObjectStoreServer objectStore;
    private final KafkaServer kafka;
    /** In start order; stopped in reverse. */
    private final List<ManagedServer> servers;
    private final Thread shutdownHook;
    private final boolean registerShutdownHook;
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean closed;

    private LocalInfra(Builder builder) {
        this.ctx = new InfraContext(builder.dataDir, builder.fixedPorts);
        this.postgres = builder.postgres
                ? new PostgresServer(ctx, builder.postgresProbeUrl, builder.postgresDatabase, builder.postgresRecreate,
                        builder.postgresTemporary)
                : null;
        this.elasticsearch = builder.elasticsearch ? new ElasticsearchServer(ctx) : null;
        this.objectStore = builder.objectStore ? new ObjectStoreServer(ctx) : null;
        this.kafka = builder.kafka ? new KafkaServer(ctx) : null;
        List<ManagedServer> list = new ArrayList<>();
        for (ManagedServer server : new ManagedServer[] {postgres, elasticsearch, objectStore, kafka}) {
            if (server != null) {
                list.add(server);
            }
        }
        this.servers = List.copyOf(list);
        this.shutdownHook = new Thread(this::close, "fleetloop-local-infra-shutdown");
        this.registerShutdownHook = builder.registerShutdownHook;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** PostgreSQL, or null if not requested. */
    public PostgresEndpoint postgres() {
        return postgres == null ? null : postgres.endpoint();
    }

    /**
     * Creates (afresh) another database for this run only on the same PostgreSQL server and returns its JDBC URL;
     * {@link #close()} drops it like the builder's {@link Builder#temporaryPostgresDatabase temporary database}.
     */
    public String createTemporaryDatabase(String name) {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL was not requested");
        }
        return postgres.createTemporaryDatabase(name);
    }

    /** Elasticsearch, or null if not requested. */
    public ElasticsearchEndpoint elasticsearch() {
        return elasticsearch == null ? null : new ElasticsearchEndpoint(elasticsearch.url());
    }

    /** The S3-compatible object store, or null if not requested. */
    public ObjectStoreEndpoint objectStore() {
        return objectStore == null ? null : new ObjectStoreEndpoint(objectStore.endpoint(),
                ObjectStoreServer.ACCESS_KEY, ObjectStoreServer.SECRET_KEY, ObjectStoreServer.REGION);
    }

    /** Kafka, or null if not requested. */
    public KafkaEndpoint kafka() {
        return kafka == null ? null : new KafkaEndpoint(kafka.bootstrapServers());
    }

    /** The data folder (absolute). */
    public Path dataDir() {
        return ctx.dataDir;
    }

    /** Multi-line text for people: every endpoint with its credentials, and where its data and log are. */
    public String describe() {
        StringBuilder text = new StringBuilder("Fleetloop local infrastructure (data folder ")
                .append(ctx.dataDir).append(")").append(System.lineSeparator());
        if (servers.isEmpty()) {
            text.append("  (no servers requested)").append(System.lineSeparator());
        }
        servers.forEach(server -> text.append(server.describe()));
        return text.toString();
    }

    /** Process ids of the child servers (for diagnostics and tests). */
    List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        if (elasticsearch != null) {
            pids.addAll(elasticsearch.pids());
        }
        if (objectStore != null) {
            pids.addAll(objectStore.pids());
        }
        if (kafka != null) {
            pids.addAll(kafka.pids());
        }
        return pids;
    }

    /**
     * Fault injection for tests: freezes one server ({@code "elasticsearch"}, {@code "kafka"} or {@code "objectstore"})
     * with SIGSTOP, so that it accepts no work and answers nothing (clients time out) until {@link #resume}
     * sends SIGCONT. Its port, data and connections stay as they were. POSIX systems only.
     */
    public void pause(String server) {
        signal(server, "STOP");
    }

    /** Lets a server frozen by {@link #pause} run again. */
    public void resume(String server) {
        signal(server, "CONT");
    }

    private void signal(String server, String signal) {
        List<Long> pids = switch (server) {
            case "elasticsearch" -> elasticsearch == null ? List.of() : elasticsearch.pids();
            case "kafka" -> kafka == null ? List.of() : kafka.pids();
            case "objectstore" -> objectStore == null ? List.of() : objectStore.pids();
            default -> throw new IllegalArgumentException("no server to pause named " + server);
        };
        if (pids.isEmpty()) throw new IllegalStateException(server + " does not run here");
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + pids + " failed: " + output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + server, e);
        }
        LOG.info("{} {}", server, "STOP".equals(signal) ? "paused (SIGSTOP)" : "resumed (SIGCONT)");
    }

    private void start() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(ctx.dataDir.resolve("logs"));
            Files.createDirectories(ctx.dataDir.resolve("run"));
        } catch (IOException e) {
            throw new LocalInfraException("local-infra", null, "cannot create the data folder " + ctx.dataDir, e);
        }
        lockDataDir();
        if (registerShutdownHook) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            // Whatever a killed earlier run left behind holds ports and file locks: stop it first, all of it.
            stopLeftovers();
            startAll();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Local infrastructure up in {} ms:{}{}", (System.nanoTime() - started) / 1_000_000,
                System.lineSeparator(), describe());
    }

    private void stopLeftovers() {
        List<ManagedServer> all = List.of(
                postgres != null ? postgres : new PostgresServer(ctx, null, null, false, false),
                elasticsearch != null ? elasticsearch : new ElasticsearchServer(ctx),
                objectStore != null ? objectStore : new ObjectStoreServer(ctx),
                kafka != null ? kafka : new KafkaServer(ctx));
        all.forEach(ManagedServer::stopLeftovers);
    }

    private void startAll() {
        if (servers.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(servers.size(), runnable -> {
            Thread thread = new Thread(runnable, "fleetloop-local-infra-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (ManagedServer server : servers) {
                futures.add(pool.submit(() -> {
                    Thread.currentThread().setName("fleetloop-local-infra-start-" + server.name);
                    long t0 = System.nanoTime();
                    try {
                        server.start();
                        LOG.info("{} ready in {} ms", server.title, (System.nanoTime() - t0) / 1_000_000);
                    } catch (LocalInfraException e) {
                        throw e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw server.failure("interrupted while starting", e);
                    } catch (Exception e) {
                        throw server.failure("could not start: " + e, e);
                    }
                    return null;
                }));
            }
            LocalInfraException failure = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    LocalInfraException cause = e.getCause() instanceof LocalInfraException lie ? lie
                            : new LocalInfraException("local-infra", null, String.valueOf(e.getCause()), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(f -> f.cancel(true));
                    throw new LocalInfraException("local-infra", null, "interrupted while starting", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void lockDataDir() {
        Path lockFile = ctx.dataDir.resolve("run").resolve("local-infra.lock");
        Path ownerFile = ctx.dataDir.resolve("run").resolve("local-infra.owner");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                String owner = Files.exists(ownerFile) ? Files.readString(ownerFile).trim() : "?";
                throw new LocalInfraException("local-infra", null, "The data folder " + ctx.dataDir
                        + " is in use by another running Fleetloop local infra (pid " + owner + "). Stop it, or use "
                        + "another data folder.", null);
            }
            Files.writeString(ownerFile, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new LocalInfraException("local-infra", null, "cannot lock the data folder " + ctx.dataDir, e);
        }
    }

    /** Stops every server in reverse start order. Idempotent; never throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (registerShutdownHook && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never registered
            }
        }
        List<ManagedServer> reverse = new ArrayList<>(servers);
        Collections.reverse(reverse);
        for (ManagedServer server : reverse) {
            try {
                server.stop();
            } catch (RuntimeException e) {
                LOG.warn("Could not stop {} cleanly", server.title, e);
            }
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not release the lock of {}", ctx.dataDir, e);
        }
    }

    /** What to start, where, and how. */
    public static final class Builder {

        private Path dataDir = Path.of(".fleetloop");
        private boolean postgres;
        private String postgresProbeUrl = PostgresServer.DEFAULT_PROBE_URL;
        private String postgresDatabase;
        private boolean postgresRecreate;
        private boolean postgresTemporary;
        private boolean elasticsearch;
        private boolean objectStore;
        private boolean kafka;
        private boolean fixedPorts;
        private boolean registerShutdownHook = true;

        private Builder() {
        }

        /** Folder for everything (data, logs, pid files, unpacked Elasticsearch); default {@code ./.fleetloop}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Provide PostgreSQL: the server at the probe URL if one answers, else an embedded one. */
        public Builder postgres(boolean postgres) {
            this.postgres = postgres;
            return this;
        }

        /**
         * Where to look for a running PostgreSQL server; default
         * {@code jdbc:postgresql://127.0.0.1:5432/postgres}. The user comes from the URL's {@code user}
         * parameter (default {@code postgres}); the OS user and {@code root} are tried as well.
         */
        public Builder postgresProbeUrl(String url) {
            this.postgresProbeUrl = url;
            return this;
        }

        /** Database to create if missing; {@code recreate} drops and creates it (for test JVMs). */
        public Builder postgresDatabase(String name, boolean recreate) {
            this.postgresDatabase = name;
            this.postgresRecreate = recreate;
            this.postgresTemporary = false;
            return this;
        }

        /**
         * A database for this run only (test JVMs): created afresh, and dropped by {@link LocalInfra#close()} when the
         * server was already running (an embedded server's databases go with its data folder).
         */
        public Builder temporaryPostgresDatabase(String name) {
            this.postgresDatabase = name;
            this.postgresRecreate = true;
            this.postgresTemporary = true;
            return this;
        }

        public Builder elasticsearch(boolean elasticsearch) {
            this.elasticsearch = elasticsearch;
            return this;
        }

        public Builder objectStore(boolean objectStore) {
            this.objectStore = objectStore;
            return this;
        }

        public Builder kafka(boolean kafka) {
            this.kafka = kafka;
            return this;
        }

        /**
         * true: prefer the well-known ports (Elasticsearch 9200, object store 9000, Kafka 9092 with its
         * controller on 9093, embedded PostgreSQL 5433), taking a free one where a port is taken;
         * false (default, for tests): free ports always.
         */
        public Builder fixedPorts(boolean fixedPorts) {
            this.fixedPorts = fixedPorts;
            return this;
        }

        /**
         * true (default): {@link LocalInfra#close()} also runs as a JVM shutdown hook. JVM shutdown hooks run
         * concurrently, so an application that closes its own components in a hook of its own (a Spring
         * context) should pass false and close this from there, after the components that use the servers.
         * Without any close, the child JVMs still exit with this JVM, and the next start on the data
         * folder stops an embedded PostgreSQL left running.
         */
        public Builder registerShutdownHook(boolean registerShutdownHook) {
            this.registerShutdownHook = registerShutdownHook;
            return this;
        }

        /** Starts the requested servers in parallel and waits until each answers. */
        public LocalInfra start() {
            LocalInfra infra = new LocalInfra(this);
            infra.start();
            return infra;
        }
    }
}
