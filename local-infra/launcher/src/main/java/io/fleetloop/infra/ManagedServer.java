package io.fleetloop.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One server that {@link LocalInfra} starts, describes and stops. */
abstract class ManagedServer {

    /** A readiness probe; may throw, which counts as "not ready yet". */
    @FunctionalInterface
    interface ReadyCheck {
        boolean ready() throws Exception;
    }

    final InfraContext ctx;
    final String name;
    final String title;

    ManagedServer(InfraContext ctx, String name, String title) {
        this.ctx = ctx;
        this.name = name;
        this.title = title;
    }

    Path logFile() {
        return ctx.logFile(name);
    }

    /** Markers that identify this server's processes of this data folder in a command line. */
    List<String> markers() {
        return List.of(ctx.marker());
    }

    /** Stops what a crashed earlier run of the same data folder left running. */
    void stopLeftovers() {
        Processes.stopLeftovers(ctx.pidFile(name), markers(), title);
    }

    /** Starts the server and returns once it answers; throws {@link LocalInfraException} otherwise. */
    abstract void start() throws Exception;

    /** Stops the server if it runs; never throws. */
    abstract void stop();

    /** Human-readable lines: endpoint, credentials, data and log locations. */
    abstract String describe();

    LocalInfraException failure(String message, Throwable cause) {
        StringBuilder text = new StringBuilder(title).append(": ").append(message)
                .append(". Log file: ").append(logFile());
        List<String> tail = LocalFiles.tail(logFile(), 15);
        if (!tail.isEmpty()) {
            text.append("\n---- last lines of ").append(logFile().getFileName()).append(" ----");
            tail.forEach(line -> text.append('\n').append(line));
        }
        return new LocalInfraException(name, logFile(), text.toString(), cause);
    }

    /** Polls the check until it passes; fails early if the process exits, and at the deadline. */
    void awaitReady(ChildProcess child, Duration timeout, ReadyCheck check) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        Exception last = null;
        while (true) {
            if (!child.isAlive()) {
                throw failure("the process exited with code " + child.process().exitValue() + " while starting", null);
            }
            try {
                if (check.ready()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (deadline.expired()) {
                throw failure("not ready within " + timeout.toSeconds() + " s", last);
            }
            deadline.pause(250);
        }
    }

    static Duration timeout(String server, Duration fallback) {
        String value = System.getProperty("fleetloop.infra." + server + ".start-timeout-seconds");
        return value == null ? fallback : Duration.ofSeconds(Long.parseLong(value.trim()));
    }
}
