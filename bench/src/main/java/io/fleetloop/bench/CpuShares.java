package io.fleetloop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the CPU went during a phase of a bench: this JVM's threads grouped by a name classifier (sampled every second,
 * so threads that end in between are counted up to their last sample) and the child processes (the servers). The JVMs'
 * own JIT compiler and GC threads, which {@link ThreadMXBean} does not list, are read from {@code /proc} for this JVM
 * and each server: on these 2-core machines a server started for the run still spends a large part of its CPU
 * compiling while it is measured (Elasticsearch about two thirds in one 1-client phase), which a long-running
 * production server does not.
 */
final class CpuShares implements AutoCloseable {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> group;
    /** thread id -> {name's group, cpu nanos at first sight, cpu nanos at last sight} */
    private final Map<Long, Object[]> seen = new HashMap<>();
    private final Map<Long, Duration> childrenAtStart = new HashMap<>();
    /** pid -> {JIT compiler, GC} CPU ms at the start, for this JVM and each child process ({@link BenchSupport#vmThreadMillis}) */
    private final Map<Long, long[]> vmThreadsAtStart = new HashMap<>();
    /** The machine's own PostgreSQL server's processes (not started by the bench): pid -> CPU at the start. */
    private final Map<Long, Duration> machinePostgresAtStart = new HashMap<>();
    private final Thread sampler;
    private final long startNanos = System.nanoTime();
    private volatile boolean stop;

    CpuShares(Function<String, String> group) {
        this.group = group;
        ProcessHandle.current().descendants().forEach(p -> {
            childrenAtStart.put(p.pid(), p.info().totalCpuDuration().orElse(Duration.ZERO));
            vmThreadsAtStart.put(p.pid(), BenchSupport.vmThreadMillis(p.pid()));
        });
        vmThreadsAtStart.put(ProcessHandle.current().pid(), BenchSupport.vmThreadMillis(ProcessHandle.current().pid()));
        machinePostgres().forEach(p -> machinePostgresAtStart.put(p.pid(), p.info().totalCpuDuration().orElse(Duration.ZERO)));
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
        double postgres = machinePostgres().mapToDouble(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)
                .minus(machinePostgresAtStart.getOrDefault(p.pid(), Duration.ZERO)).toMillis() / 1e3).sum();
        if (postgres > 0) ordered.put("server postgresql (the machine's; backends that ended meanwhile not counted)", postgres);
        return ordered;
    }

    /** {JIT compiler, GC} CPU seconds of a process since the start (0 where it cannot be read). */
    private double[] vmThreadSeconds(long pid) {
        long[] now = BenchSupport.vmThreadMillis(pid);
        long[] before = vmThreadsAtStart.getOrDefault(pid, new long[2]);
        return new double[]{Math.max(0, now[0] - Math.max(0, before[0])) / 1e3, Math.max(0, now[1] - Math.max(0, before[1])) / 1e3};
    }

    /** The processes of a PostgreSQL server the bench did not start (the machine's own, which the bench uses if it answers). */
    private static Stream<ProcessHandle> machinePostgres() {
        Set<Long> ours = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        return ProcessHandle.allProcesses().filter(p -> !ours.contains(p.pid()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
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
