package io.fleetloop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A poor man's wall-clock profiler for a few threads: every {@code sampleMillis} it takes their stacks and counts what
 * each was doing (waiting for events, in an Elasticsearch call, in a PostgreSQL statement or commit, …), by the first
 * place (in a fixed order) any of its frames is in. What a processor's thread waits on is where an event's time goes while it uses
 * little CPU.
 */
final class ThreadStates implements AutoCloseable {

    /** Frame prefixes (class.method), first match from the top of the stack wins. */
    private static final List<String[]> PLACES = List.of(
            new String[]{"org.axonframework.eventsourcing.eventstore.EmbeddedEventStore$EventConsumer.peek", "idle: waiting for events"},
            new String[]{"com.zaxxer.hikari.pool.HikariPool.getConnection", "waiting for a pooled DB connection"},
            new String[]{"co.elastic.clients.elasticsearch.indices.ElasticsearchIndicesClient.refresh", "Elasticsearch refresh"},
            new String[]{"co.elastic.clients.elasticsearch.ElasticsearchClient.bulk", "Elasticsearch bulk"},
            new String[]{"co.elastic.clients", "Elasticsearch, other call"},
            new String[]{"org.postgresql.jdbc.PgConnection.commit", "PostgreSQL commit"},
            new String[]{"org.springframework.jdbc.datasource.DataSourceTransactionManager.doCommit", "PostgreSQL commit"},
            new String[]{"org.springframework.orm.jpa.JpaTransactionManager.doCommit", "PostgreSQL commit"},
            new String[]{"org.postgresql", "PostgreSQL statement"},
            new String[]{"io.fleetloop.sagas.common.OwnUnitOfWork.createAll", "waiting for its RegisterAsset commands"},
            new String[]{"org.axonframework.eventhandling.TrackingEventProcessor.doSleepFor", "processor back-off sleep"},
            new String[]{"io.fleetloop.", "Fleetloop code"},
            new String[]{"org.axonframework.", "Axon code"});

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean stop;

    ThreadStates(long sampleMillis, Map<String, Predicate<String>> groups) {
        sampler = new Thread(() -> {
            long[] watched = new long[0];
            long lookedUp = 0;
            while (!stop) {
                if (System.nanoTime() - lookedUp > 1_000_000_000L) { // threads of a pool come and go: look them up every second
                    watched = java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds(), 0))
                            .filter(info -> info != null && groups.values().stream().anyMatch(g -> g.test(info.getThreadName())))
                            .mapToLong(ThreadInfo::getThreadId).toArray();
                    lookedUp = System.nanoTime();
                }
                for (ThreadInfo info : threads.getThreadInfo(watched, 64)) {
                    if (info == null) continue;
                    for (Map.Entry<String, Predicate<String>> group : groups.entrySet()) {
                        if (!group.getValue().test(info.getThreadName())) continue;
                        String place = place(info);
                        synchronized (counts) {
                            counts.computeIfAbsent(group.getKey(), k -> new TreeMap<>()).merge(place, 1, Integer::sum);
                        }
                    }
                }
                try {
                    Thread.sleep(sampleMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-states");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The first place of {@link #PLACES} (in that order) that any frame of the stack is in. */
    private static String place(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        for (String[] place : PLACES) {
            for (StackTraceElement frame : stack) {
                if ((frame.getClassName() + "." + frame.getMethodName()).startsWith(place[0])) {
                    return place[1].startsWith("Fleetloop") || place[1].startsWith("Axon")
                            ? place[1] + " (" + frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "." + frame.getMethodName() + ")"
                            : place[1];
                }
            }
        }
        return "other (" + (stack.length == 0 ? info.getThreadState() : stack[0].getClassName() + "." + stack[0].getMethodName()) + ")";
    }

    /** Per group: the share of samples (in %) of each place, the largest first, without the idle wait's. */
    Map<String, Map<String, Double>> busyShares() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        synchronized (counts) {
            counts.forEach((group, places) -> {
                int total = places.values().stream().mapToInt(Integer::intValue).sum();
                Map<String, Double> shares = new LinkedHashMap<>();
                places.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> shares.put(e.getKey(), 100.0 * e.getValue() / total));
                out.put(group, shares);
            });
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.interrupt();
        sampler.join(2000);
    }
}
