package io.fleetloop.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Process helpers: pid files, recognising our own processes, stopping process trees. */
final class Processes {

    private static final Logger LOG = LoggerFactory.getLogger(Processes.class);

    private Processes() {
    }

    /** The full command line of a process ({@code /proc/<pid>/cmdline} on Linux), or "" if unknown. */
    static String commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            byte[] bytes = Files.readAllBytes(proc);
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | UnsupportedOperationException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /** True if the process is alive and its command line names one of our folders. */
    static boolean isOurs(ProcessHandle process, Collection<String> markers) {
        if (!process.isAlive()) {
            return false;
        }
        String commandLine = commandLine(process);
        return markers.stream().anyMatch(commandLine::contains);
    }

    static void writePidFile(Path pidFile, Collection<Long> pids) {
        LocalFiles.write(pidFile, pids.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
    }

    static List<Long> readPidFile(Path pidFile) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(pidFile)) {
                String trimmed = line.trim();
                if (trimmed.matches("\\d+")) {
                    pids.add(Long.parseLong(trimmed));
                }
            }
        } catch (IOException e) {
            // no pid file, or unreadable: nothing to do
        }
        return pids;
    }

    /**
     * Stops the processes named by a pid file from an earlier run of the same data folder, if they are
     * still alive and are ours (their command line names one of the markers); deletes the pid file.
     *
     * @return how many processes were stopped
     */
    static int stopLeftovers(Path pidFile, Collection<String> markers, String server) {
        if (!Files.exists(pidFile)) {
            return 0;
        }
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        for (long pid : readPidFile(pidFile)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && isOurs(handle.get(), markers)) {
                tree.put(pid, handle.get());
                handle.get().descendants().forEach(d -> tree.putIfAbsent(d.pid(), d));
            }
        }
        if (!tree.isEmpty()) {
            LOG.warn("Stopping {} left over from an earlier run of this data folder: pids {}", server, tree.keySet());
            stopTree(List.copyOf(tree.values()), Duration.ofSeconds(30));
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}", pidFile, e);
        }
        return tree.size();
    }

    /**
     * Stops a process tree: SIGTERM to the first (the root, which stops its own children cleanly) and a
     * graceful wait for it; then SIGTERM to any descendant still alive, and SIGKILL as the last resort.
     */
    static void stopTree(List<ProcessHandle> tree, Duration graceful) {
        if (tree.isEmpty()) {
            return;
        }
        ProcessHandle root = tree.get(0);
        root.destroy();
        Deadline deadline = Deadline.after(graceful);
        boolean rootGone = awaitExit(List.of(root), deadline);
        if (rootGone && awaitExit(tree, Deadline.after(Duration.ofSeconds(2)))) {
            return;
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        long patience = Math.max(2, Math.min(10, deadline.remaining().toSeconds()));
        if (!awaitExit(tree, Deadline.after(Duration.ofSeconds(patience)))) {
            List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
            LOG.warn("Killing processes that did not stop in time: {}", alive.stream().map(ProcessHandle::pid).toList());
            alive.forEach(ProcessHandle::destroyForcibly);
            awaitExit(alive, Deadline.after(Duration.ofSeconds(10)));
        }
    }

    /** Waits until every process has exited; false if the deadline came first. */
    static boolean awaitExit(Collection<ProcessHandle> processes, Deadline deadline) {
        for (ProcessHandle process : processes) {
            try {
                long millis = deadline.remaining().toMillis();
                if (millis <= 0 && process.isAlive()) {
                    return false;
                }
                process.onExit().get(Math.max(millis, 1), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // onExit never fails in practice; treat as exited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
