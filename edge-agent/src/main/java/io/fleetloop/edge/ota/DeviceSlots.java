package io.fleetloop.edge.ota;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The device side of an update: what runs now, where a download goes, and how a verified artifact is installed.
 * {@link SlotStore} keeps real A/B slot folders; the fleet's simulated devices keep the same facts in memory.
 */
public interface DeviceSlots {

    /** The installed version, or null before the first install. */
    String installedVersion();

    /** The releaseCounter of the installed release (0 before the first install): the anti-rollback floor. */
    long installedCounter();

    /** The terminal result already reported for the action ("success", "failure", "canceled"), if any. */
    Optional<String> finishedResult(String actionId);

    void recordFinished(String actionId, String result) throws IOException;

    /** A sink for the artifact of the action; a partial download of the same action is resumed. */
    DownloadSink openDownload(String actionId, String filename) throws IOException;

    void discardDownload(String actionId) throws IOException;

    /**
     * Installs the action's verified artifacts (one per chunk) together into the inactive slot, switches, and runs the
     * health check (falling back on failure). {@code manifest} is the first chunk's: it names version and release counter.
     */
    InstallResult install(String actionId, Manifest manifest, List<VerifiedArtifact> artifacts) throws IOException, InterruptedException;

    /** A downloaded artifact whose size and sha256 matched its chunk's signed manifest. */
    record VerifiedArtifact(Manifest manifest, DownloadSink sink) {
    }

    record InstallResult(boolean healthy, String detail) {
    }
}
