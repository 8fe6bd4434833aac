package io.fleetloop.edge.ota;

import io.fleetloop.ddi.json.model.DdiJson;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An A/B slot folder: {@code slots/a/}, {@code slots/b/}, {@code state.json} and {@code downloads/<actionId>/}.
 * An install writes the inactive slot, switches {@code state.json} atomically, runs the health check, and switches
 * back when it fails, so the device always boots a slot that was healthy or is being proven.
 */
public final class SlotStore implements DeviceSlots {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path dir;
    private final HealthCheck healthCheck;
    private SlotState state;

    public SlotStore(Path dir, HealthCheck healthCheck) throws IOException {
        this.dir = dir;
        this.healthCheck = healthCheck;
        Files.createDirectories(slotDir("a"));
        Files.createDirectories(slotDir("b"));
        Path stateFile = dir.resolve("state.json");
        this.state = Files.exists(stateFile) ? DdiJson.MAPPER.readValue(stateFile.toFile(), SlotState.class) : SlotState.initial();
    }

    public synchronized SlotState state() {
        return state;
    }

    public Path slotDir(String slot) {
        return dir.resolve("slots").resolve(slot);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized String installedVersion() {
        return state.versionId();
    }

    @Override
    public synchronized long installedCounter() {
        return state.releaseCounter();
    }

    @Override
    public synchronized Optional<String> finishedResult(String actionId) {
        return Optional.ofNullable(state.finishedActions().get(actionId));
    }

    @Override
    public synchronized void recordFinished(String actionId, String result) throws IOException {
        write(state.withFinished(actionId, result));
    }

    @Override
    public DownloadSink openDownload(String actionId, String filename) throws IOException {
        return DownloadSink.toFile(downloadDir(actionId).resolve(filename));
    }

    @Override
    public void discardDownload(String actionId) throws IOException {
        deleteTree(downloadDir(actionId));
    }

    @Override
    public synchronized InstallResult install(String actionId, Manifest manifest, List<VerifiedArtifact> artifacts)
            throws IOException, InterruptedException {
        SlotState before = state;
        String target = before.inactiveSlot();
        Path targetDir = slotDir(target);
        deleteTree(targetDir);
        Files.createDirectories(targetDir);
        for (VerifiedArtifact verified : artifacts) {
            Path artifact = verified.sink().file().orElseThrow(() -> new IllegalArgumentException("a slot install needs a downloaded file"));
            Files.copy(artifact, targetDir.resolve(verified.manifest().artifact().filename()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(targetDir.resolve("version"), manifest.versionId() + "\n");
        write(before.switchedTo(target, manifest.versionId(), manifest.releaseCounter()));

        HealthCheck.Result health;
        try {
            health = healthCheck.check(target, targetDir, manifest);
        } catch (IOException e) {
            health = new HealthCheck.Result(false, "health check could not run: " + e.getMessage());
        }
        if (health.healthy()) {
            return new InstallResult(true, "installed " + manifest.versionId() + " into slot " + target + " and switched ("
                    + health.detail() + ")");
        }
        write(before);
        return new InstallResult(false, health.detail() + "; fell back to slot " + before.activeSlot()
                + " (" + before.versionId() + ")");
    }

    private Path downloadDir(String actionId) {
        if (!SAFE_ID.matcher(actionId).matches()) {
            throw new IllegalArgumentException("unusable action id '" + actionId + "'");
        }
        return dir.resolve("downloads").resolve(actionId);
    }

    /** Writes a temp file and renames it over {@code state.json}, so a power cut leaves the old or the new state. */
    private void write(SlotState next) throws IOException {
        Path target = dir.resolve("state.json");
        Path temp = dir.resolve("state.json.tmp");
        DdiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), next);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        state = next;
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
