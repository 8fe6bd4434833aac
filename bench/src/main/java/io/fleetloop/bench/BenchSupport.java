package io.fleetloop.bench;

import io.fleetloop.infra.LocalInfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** What every benchmark here measures against or with: the raw PostgreSQL baseline, client threads, timing. */
final class BenchSupport {

    private BenchSupport() {
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

    static Connection connect(LocalInfra infra) throws Exception {
        return DriverManager.getConnection(infra.postgres().jdbcUrl(), infra.postgres().username(), infra.postgres().password());
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
