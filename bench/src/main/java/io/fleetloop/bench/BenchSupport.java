package io.fleetloop.bench;

import io.fleetloop.infra.LocalInfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/** What every benchmark here measures against or with: the raw PostgreSQL baseline, client threads, timing. */
final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * Runs a benchmark's body and ends the JVM with its status (0 = passed), whatever happens: an exception prints the
     * error and exits 1; a watchdog prints a thread dump and halts with 3 when the body (or the shutdown of the servers
     * after it) has not ended within {@code -Dbench.timeout} (ISO duration, default {@code defaultTimeout}). Non-daemon
     * threads left by the platform (e.g. Axon's {@code axon-janitor}) would otherwise keep the JVM alive after main.
     */
    static void runAndExit(String name, Duration defaultTimeout, Callable<Integer> body) {
        Duration timeout = Duration.parse(System.getProperty("bench.timeout", defaultTimeout.toString()));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] " + name + " FAILED: not ended after " + timeout + " (-Dbench.timeout); threads:");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                System.err.println("\"" + thread.getName() + "\" " + thread.getState() + (thread.isDaemon() ? " daemon" : ""));
                for (StackTraceElement frame : stack) System.err.println("    at " + frame);
            });
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int status = 1;
        try {
            status = body.call();
            if (status != 0) System.err.println("[bench] " + name + " FAILED (status " + status + ")");
        } catch (Throwable e) {
            System.err.println("[bench] " + name + " FAILED: " + e);
            e.printStackTrace();
        } finally {
            System.exit(status);
        }
    }

    /** Raw baseline: single-row INSERT + COMMIT of a 400-byte payload, {@code rows} in all over {@code clients} connections; rows/s. */
    static double rawInserts(LocalInfra infra, int clients, int rows) throws Exception {
        try (Connection setup = connect(infra)) {
            setup.createStatement().execute("create schema if not exists bench_raw");
            setup.createStatement().execute("create table if not exists bench_raw.raw_events (id bigserial primary key, aggregate_id varchar(64), payload bytea)");
        }
        byte[] payload = new byte[400];
        new Random(1).nextBytes(payload);
        int perClient = Math.max(1, rows / clients);
        long start = System.nanoTime();
        parallel(clients, client -> {
            try (Connection connection = connect(infra);
                 PreparedStatement insert = connection.prepareStatement("insert into bench_raw.raw_events (aggregate_id, payload) values (?, ?)")) {
                connection.setAutoCommit(true);
                for (int i = 0; i < perClient; i++) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, payload);
                    insert.executeUpdate();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return (double) perClient * clients / seconds(start);
    }

    /**
     * CPU time the whole machine has spent busy so far (every process: servers, platform, clients), from the first line
     * of {@code /proc/stat} (user, nice, system, irq, softirq, steal; clock ticks of 10 ms); -1 where there is none.
     * The difference over a phase, divided by its operations, is their CPU cost, which the disk's commit latency does
     * not move as it moves a rate.
     */
    static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7])
                    + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return ticks * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * CPU time this JVM's JIT compiler threads have spent so far ({@link #vmThreadMillis}); -1 where there is none. Over a
     * phase it says how much of the machine's CPU went to compiling rather than to the work measured: on two cores a
     * phase that runs code at a new rate pays for its C2 compilations in the same seconds. A compiler thread the JVM
     * stops meanwhile takes its ticks with it, so the figure is a lower bound.
     */
    static long jitCpuMillis() {
        return vmThreadMillis(ProcessHandle.current().pid())[0];
    }

    /**
     * CPU time a JVM's JIT compiler threads ({@code C1/C2 CompilerThre...}) and GC threads ({@code GC Thread#n},
     * {@code G1 ...}) have spent so far, {jit, gc} in ms: user + system ticks of 10 ms from
     * {@code /proc/<pid>/task/<tid>/stat}, as {@link java.lang.management.ThreadMXBean} lists neither; {-1, -1} where
     * the process cannot be read. Threads that ended are not counted.
     */
    static long[] vmThreadMillis(long pid) {
        long[] ticks = new long[2];
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                if (open < 0 || close < open) continue;
                String name = stat.substring(open + 1, close);
                int kind = name.contains("CompilerThre") ? 0 : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 1 : -1;
                if (kind < 0) continue;
                String[] f = stat.substring(close + 2).split(" ");
                ticks[kind] += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15 of stat
            }
            return new long[]{ticks[0] * 10, ticks[1] * 10};
        } catch (Exception e) {
            return new long[]{-1, -1};
        }
    }

    /** Runs {@code work(client)} for each client on its own thread and waits for all; the first failure is thrown. */
    static void parallel(int clients, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> work.accept(client)));
            }
            for (Future<?> future : futures) future.get();
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Transactions the PostgreSQL server has ended so far (committed and rolled back, every database), from
     * {@code pg_stat_database}; -1 if it cannot be read. Backends report their counts when they go idle (at most about
     * once a second), so a difference over a phase is close, not exact.
     */
    static long pgTransactions(LocalInfra infra) {
        try (Connection connection = connect(infra); var statement = connection.createStatement();
             var rs = statement.executeQuery("select sum(xact_commit + xact_rollback) from pg_stat_database")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    static Connection connect(LocalInfra infra) throws Exception {
        return DriverManager.getConnection(infra.postgres().jdbcUrl(), infra.postgres().username(), infra.postgres().password());
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Deletes a folder and everything in it, as far as it can; what is left is named on stderr. */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[bench] " + root + " was not deleted: " + e.getMessage());
        }
    }
}
