package io.fleetloop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where the CPU went during a phase of a bench: this JVM's threads grouped by a name classifier (sampled every second,
 * so threads that end in between are counted up to their last sample) and the child processes (the servers). The JVMs'
 * own JIT compiler and GC threads, which {@link ThreadMXBean} does not list, are read from {@code /proc} for this JVM
 * and each server: on these 2-core machines a server started for the run still spends a large part of its CPU
 * compiling while it is measured (Elasticsearch about two thirds in one 1-client phase), which a long-running
 * production server does not.
 */
final class CpuShares implements AutoCloseable {

    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/task/<tid>/stat}'s utime and stime. */
    private static final double CLOCK_TICKS = 100.0;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> group;
    /** thread id -> {name's group, cpu nanos at first sight, cpu nanos at last sight} */
    private final Map<Long, Object[]> seen = new HashMap<>();
    private final Map<Long, Duration> childrenAtStart = new HashMap<>();
    /** pid -> {JIT compiler ticks, GC ticks} at the start, for this JVM and each child process */
    private final Map<Long, long[]> vmThreadsAtStart = new HashMap<>();
    private final Thread sampler;
    private final long startNanos = System.nanoTime();
    private volatile boolean stop;

    CpuShares(Function<String, String> group) {
        this.group = group;
        ProcessHandle.current().descendants().forEach(p -> {
            childrenAtStart.put(p.pid(), p.info().totalCpuDuration().orElse(Duration.ZERO));
            vmThreadsAtStart.put(p.pid(), vmThreadTicks(p.pid()));
        });
        vmThreadsAtStart.put(ProcessHandle.current().pid(), vmThreadTicks(ProcessHandle.current().pid()));
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
        long self = ProcessHandle.current().pid();
        double[] selfVm = vmThreadSeconds(self);
        ordered.put("jvm JIT compilers", selfVm[0]);
        ordered.put("jvm GC", selfVm[1]);
        Map<String, double[]> serverVm = new LinkedHashMap<>();
        ProcessHandle.current().descendants().forEach(p -> {
            Duration now = p.info().totalCpuDuration().orElse(Duration.ZERO);
            Duration before = childrenAtStart.getOrDefault(p.pid(), Duration.ZERO);
            String command = p.info().commandLine().orElse(p.info().command().orElse("pid " + p.pid()));
            String server = "server " + server(command);
            ordered.merge(server, now.minus(before).toMillis() / 1e3, Double::sum);
            double[] vm = vmThreadSeconds(p.pid());
            serverVm.merge(server, vm, (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]});
        });
        serverVm.forEach((server, vm) -> {
            ordered.put(server + " of it JIT compilers", vm[0]);
            ordered.put(server + " of it GC", vm[1]);
        });
        return ordered;
    }

    /** {JIT compiler, GC} CPU seconds of a process since the start, from {@code /proc} (0 where it cannot be read). */
    private double[] vmThreadSeconds(long pid) {
        long[] now = vmThreadTicks(pid);
        long[] before = vmThreadsAtStart.getOrDefault(pid, new long[2]);
        return new double[]{(now[0] - before[0]) / CLOCK_TICKS, (now[1] - before[1]) / CLOCK_TICKS};
    }

    /**
     * {JIT compiler, GC} CPU ticks of a process's threads, by their Linux names ({@code C1 CompilerThre},
     * {@code C2 CompilerThre}; {@code GC Thread#n}, {@code G1 ...}): utime + stime of each live thread. Threads that
     * ended are not counted; HotSpot keeps these threads for the JVM's life (compiler threads may be added and removed
     * dynamically, rarely on 2 cores).
     */
    private static long[] vmThreadTicks(long pid) {
        long[] ticks = new long[2];
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var stream = Files.list(tasks)) {
            stream.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    int kind = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? 0
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 1 : -1;
                    if (kind < 0) return;
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after the name: state is field 3 of stat, so utime (14) and stime (15) are at 11 and 12 here
                    ticks[kind] += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended meanwhile, or a process this user cannot read: not counted
                }
            });
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux), or the process ended
        }
        return ticks;
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
