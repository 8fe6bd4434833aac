package io.fleetloop.edge.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Decides whether the freshly switched slot is healthy. */
@FunctionalInterface
public interface HealthCheck {

    Result check(String slot, Path slotDir, Manifest manifest) throws IOException, InterruptedException;

    record Result(boolean healthy, String detail) {
    }

    static HealthCheck alwaysHealthy() {
        return (slot, slotDir, manifest) -> new Result(true, "no health check configured");
    }

    /**
     * Runs {@code sh -c <command>} with FLEETLOOP_SLOT, FLEETLOOP_SLOT_DIR and FLEETLOOP_VERSION set; exit 0 is healthy.
     * A command that runs longer than {@code timeoutSeconds} is killed and counts as unhealthy.
     */
    static HealthCheck command(String command, long timeoutSeconds) {
        return (slot, slotDir, manifest) -> {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
            builder.environment().put("FLEETLOOP_SLOT", slot);
            builder.environment().put("FLEETLOOP_SLOT_DIR", slotDir.toAbsolutePath().toString());
            builder.environment().put("FLEETLOOP_VERSION", String.valueOf(manifest.versionId()));
            Process process = builder.start();
            byte[] output = process.getInputStream().readNBytes(2048);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(false, "health check '" + command + "' timed out after " + timeoutSeconds + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            int exit = process.exitValue();
            return new Result(exit == 0, "health check '" + command + "' exited " + exit + (text.isEmpty() ? "" : ": " + text));
        };
    }
}
