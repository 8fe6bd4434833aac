package io.fleetloop.edge.ota;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device of the simulated fleet. It polls, downloads and verifies like a real one; the "slots" are two fields:
 * an install records version and counter unless its health check fails (deterministically, by
 * {@link FleetOptions#failsHealthCheck}), and then it stays on its old version.
 */
final class SimulatedDevice implements DeviceSlots {

    private final String controllerId;
    private final FleetOptions options;
    private final Map<String, String> finished = new LinkedHashMap<>();
    private volatile String version;
    private volatile long counter;
    volatile DeviceState state = DeviceState.IDLE;
    volatile String refusal;
    volatile String error;
    final java.util.concurrent.atomic.AtomicInteger installs = new java.util.concurrent.atomic.AtomicInteger();
    OtaAgent agent;

    SimulatedDevice(String controllerId, FleetOptions options) {
        this.controllerId = controllerId;
        this.options = options;
    }

    String controllerId() {
        return controllerId;
    }

    @Override
    public String installedVersion() {
        return version;
    }

    @Override
    public long installedCounter() {
        return counter;
    }

    @Override
    public synchronized Optional<String> finishedResult(String actionId) {
        return Optional.ofNullable(finished.get(actionId));
    }

    @Override
    public synchronized void recordFinished(String actionId, String result) {
        finished.put(actionId, result);
        if (finished.size() > SlotState.FINISHED_ACTIONS_KEPT) {
            finished.remove(finished.keySet().iterator().next());
        }
    }

    @Override
    public DownloadSink openDownload(String actionId, String filename) {
        return DownloadSink.toDigest();
    }

    @Override
    public void discardDownload(String actionId) {
    }

    @Override
    public InstallResult install(String actionId, Manifest manifest, List<VerifiedArtifact> artifacts) {
        installs.incrementAndGet();
        if (options.failsHealthCheck(controllerId, actionId)) {
            return new InstallResult(false, "simulated health check failed for " + manifest.versionId()
                    + "; fell back to " + version);
        }
        version = manifest.versionId();
        counter = manifest.releaseCounter();
        return new InstallResult(true, "installed " + manifest.versionId() + " (simulated device)");
    }
}
