package io.fleetloop.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A server running as a child process: output appended to its log file, pid(s) in its pid file,
 * standard input a pipe the child watches (see {@link io.fleetloop.infra.child.ParentWatch}).
 */
final class ChildProcess {

    private final String server;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String server, Process process, Path logFile, Path pidFile) {
        this.server = server;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    static ChildProcess start(String server, List<String> command, Path workDir, Map<String, String> env,
                              Path logFile, Path pidFile) throws IOException {
        Files.createDirectories(workDir);
        LocalFiles.append(logFile, "==== fleetloop local-infra: " + server + " starting at " + Instant.now() + "\n==== "
                + String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = builder.environment();
        // The caller's JVM options must not leak into the servers' JVMs.
        Stream.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH").forEach(environment::remove);
        env.forEach((key, value) -> {
            if (value == null) {
                environment.remove(key);
            } else {
                environment.put(key, value);
            }
        });
        Process process = builder.start();
        if (pidFile != null) {
            Processes.writePidFile(pidFile, List.of(process.pid()));
        }
        return new ChildProcess(server, process, logFile, pidFile);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    String server() {
        return server;
    }

    Path logFile() {
        return logFile;
    }

    /** Rewrites the pid file with the whole tree (e.g. the Elasticsearch CLI and the server it forked). */
    void recordTree() {
        if (pidFile == null) {
            return;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(d -> pids.add(d.pid()));
        Processes.writePidFile(pidFile, pids);
    }

    /** Process ids of this child and its descendants. */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(d -> pids.add(d.pid()));
        return pids;
    }

    void stop(Duration graceful) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        Processes.stopTree(tree, graceful);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // a stale pid file is checked against the command line next time
            }
        }
    }
}
