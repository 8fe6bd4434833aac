package io.fleetloop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where the CPU went during a phase of a bench: this JVM's threads grouped by a name classifier (sampled every second,
 * so threads that end in between are counted up to their last sample) and the child processes (the servers).
 */
final class CpuShares implements AutoCloseable {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> group;
    /** thread id -> {name's group, cpu nanos at first sight, cpu nanos at last sight} */
    private final Map<Long, Object[]> seen = new HashMap<>();
    private final Map<Long, Duration> childrenAtStart = new HashMap<>();
    private final Thread sampler;
    private final long startNanos = System.nanoTime();
    private volatile boolean stop;

    CpuShares(Function<String, String> group) {
        this.group = group;
        ProcessHandle.current().descendants().forEach(p -> childrenAtStart.put(p.pid(), p.info().totalCpuDuration().orElse(Duration.ZERO)));
        sample();
        sampler = new Thread(() -> {
            while (!stop) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "cpu-shares");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) continue;
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) continue;
            Object[] entry = seen.computeIfAbsent(info.getThreadId(), id -> new Object[]{group.apply(info.getThreadName()), cpu, cpu});
            entry[2] = cpu;
        }
    }

    /** Seconds of CPU per group since the start (threads first seen later count from zero), then the servers by name. */
    synchronized Map<String, Double> seconds() {
        sample();
        Map<String, Double> out = new TreeMap<>();
        for (Object[] entry : seen.values()) {
            long first = (Long) entry[1];
            out.merge((String) entry[0], ((Long) entry[2] - first) / 1e9, Double::sum);
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        out.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> ordered.put("jvm " + e.getKey(), e.getValue()));
        ProcessHandle.current().descendants().forEach(p -> {
            Duration now = p.info().totalCpuDuration().orElse(Duration.ZERO);
            Duration before = childrenAtStart.getOrDefault(p.pid(), Duration.ZERO);
            String command = p.info().commandLine().orElse(p.info().command().orElse("pid " + p.pid()));
            ordered.merge("server " + server(command), now.minus(before).toMillis() / 1e3, Double::sum);
        });
        return ordered;
    }

    double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String server(String command) {
        if (command.contains("elasticsearch")) return "elasticsearch";
        if (command.contains("postgres")) return "postgresql";
        if (command.contains("kafka")) return "kafka";
        if (command.contains("s3proxy") || command.contains("S3Proxy")) return "object store";
        return command.length() > 40 ? command.substring(0, 40) : command;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.interrupt();
        sampler.join(2000);
    }
}
