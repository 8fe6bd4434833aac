package io.fleetloop.edge.ota;

import io.fleetloop.edge.collect.CollectionRulesSync;
import io.fleetloop.edge.collect.RuleEvaluator;
import io.fleetloop.ddi.json.model.DdiArtifact;
import io.fleetloop.ddi.json.model.DdiCancel;
import io.fleetloop.ddi.json.model.DdiChunk;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.json.model.DdiDeployment.HandlingType;
import io.fleetloop.ddi.json.model.DdiDeploymentBase;
import io.fleetloop.ddi.json.model.DdiMaintenanceWindowStatus;
import io.fleetloop.ddi.json.model.DdiProgress;
import io.fleetloop.ddi.json.model.DdiResult.FinalResult;
import io.fleetloop.ddi.json.model.DdiStatus.ExecutionStatus;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The update loop of one device. {@link #cycle()} polls once and carries out what the server asks: confirm a
 * cancel, send the attributes once, or download, verify, install and report a deployment. The caller sleeps for
 * the returned duration (the server's polling sleep unless overridden) and calls it again.
 */
public final class OtaAgent {

    public static final Duration DEFAULT_SLEEP = Duration.ofSeconds(30);
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String CANCELED = "canceled";
    private static final int STEPS = 4;

    private final DdiClient ddi;
    private final String controllerId;
    private final ManifestVerifier verifier;
    private final DeviceSlots slots;
    private final Map<String, String> attributes;
    private final OtaListener listener;
    private final Duration pollOverride;
    private volatile boolean configDataSent;
    private final CollectionRulesSync collectionRules;

    /**
     * @param pollOverride the sleep between polls, or null to honour the server's {@code config.polling.sleep}
     */
    public OtaAgent(DdiClient ddi, String controllerId, ManifestVerifier verifier, DeviceSlots slots,
                    Map<String, String> attributes, OtaListener listener, Duration pollOverride) {
        this.ddi = ddi;
        this.controllerId = controllerId;
        this.verifier = verifier;
        this.slots = slots;
        this.attributes = Map.copyOf(attributes);
        this.listener = listener;
        this.pollOverride = pollOverride;
        this.collectionRules = new CollectionRulesSync(ddi, controllerId, RULES);
    }

    private static final RuleEvaluator RULES = new RuleEvaluator();

    /** The edge collection rules this device runs (fetched on a poll when their version changed). */
    public CollectionRulesSync collectionRules() {
        return collectionRules;
    }

    public String controllerId() {
        return controllerId;
    }

    /** One poll and whatever it asks for. A network or server error is thrown; the next cycle resumes the download. */
    public Duration cycle() throws IOException, InterruptedException {
        DdiControllerBase base = ddi.poll(controllerId);
        Duration sleep = pollOverride != null ? pollOverride : base.sleep().orElse(DEFAULT_SLEEP);
        Optional<String> configData = base.href("configData");
        if (configData.isPresent() && !configDataSent) {
            ddi.configData(configData.get(), attributes);
            configDataSent = true;
        }
        collectionRules.onPoll(base);
        Optional<String> cancel = base.href("cancelAction");
        if (cancel.isPresent()) {
            confirmCancel(cancel.get());
            return sleep;
        }
        Optional<String> deployment = base.href("deploymentBase");
        if (deployment.isPresent()) {
            handleDeployment(deployment.get());
        }
        return sleep;
    }

    private void confirmCancel(String href) throws IOException, InterruptedException {
        DdiCancel cancel = ddi.cancelAction(href);
        String cancelId = cancel.id() != null ? cancel.id() : lastSegment(href);
        String stopId = cancel.cancelAction() != null && cancel.cancelAction().stopId() != null ? cancel.cancelAction().stopId() : cancelId;
        slots.discardDownload(stopId);
        slots.recordFinished(stopId, CANCELED);
        ddi.cancelFeedback(controllerId, cancelId, ExecutionStatus.CLOSED, FinalResult.SUCCESS,
                List.of("canceled action " + stopId + "; still running " + slots.installedVersion()));
        listener.onState(controllerId, DeviceState.CANCELED, "action " + stopId);
    }

    private void handleDeployment(String href) throws IOException, InterruptedException {
        String actionId = lastSegment(href);
        Optional<String> finished = slots.finishedResult(actionId);
        if (finished.isPresent()) {
            // We finished it but the server still offers it: our terminal feedback was lost, so say it again.
            ddi.feedback(controllerId, actionId, ExecutionStatus.CLOSED,
                    SUCCESS.equals(finished.get()) ? FinalResult.SUCCESS : FinalResult.FAILURE,
                    List.of("action " + actionId + " already finished: " + finished.get()), new DdiProgress(STEPS, STEPS));
            // The lost feedback may have cut the cycle short before the state was shown: show it now.
            if (SUCCESS.equals(finished.get())) listener.onState(controllerId, DeviceState.INSTALLED, "reported again: " + actionId);
            else if (FAILURE.equals(finished.get())) listener.onState(controllerId, DeviceState.FAILED, "reported again: " + actionId);
            return;
        }
        DdiDeploymentBase deployment = ddi.deploymentBase(href);
        if (deployment.id() != null && !deployment.id().isBlank()) {
            actionId = deployment.id();
        }
        Outcome outcome = carryOut(actionId, deployment);
        if (outcome.state() == DeviceState.IDLE) {
            listener.onState(controllerId, DeviceState.IDLE, outcome.details().get(0));
            return;   // downloaded and verified, installed when a later poll no longer says skip
        }
        slots.recordFinished(actionId, outcome.success() ? SUCCESS : FAILURE);
        // The device's state is what it did, whether or not the report below reaches the server (it is repeated if not).
        listener.onState(controllerId, outcome.state(), outcome.details().get(0));
        ddi.feedback(controllerId, actionId, ExecutionStatus.CLOSED, outcome.success() ? FinalResult.SUCCESS : FinalResult.FAILURE,
                outcome.details(), new DdiProgress(STEPS, STEPS));
    }

    /**
     * Verifies every chunk's signed manifest before any byte is downloaded, downloads and checks every chunk's
     * artifact, and only then installs them together: a refused or tampered chunk fails the whole action and the
     * slot is not switched.
     */
    private Outcome carryOut(String actionId, DdiDeploymentBase deployment) throws IOException, InterruptedException {
        List<DeviceSlots.VerifiedArtifact> downloads = new ArrayList<>();
        try {
            List<SignedChunk> chunks = signedChunks(deployment);
            Manifest manifest = chunks.get(0).manifest();
            verifier.verifyNewer(manifest, slots.installedCounter());
            long total = chunks.stream().mapToLong(c -> c.manifest().artifact().size()).sum();

            listener.onState(controllerId, DeviceState.DOWNLOADING, manifest.versionId());
            ddi.feedback(controllerId, actionId, ExecutionStatus.PROCEEDING, FinalResult.NONE,
                    List.of("downloading " + chunks.stream().map(c -> c.artifact().filename()).collect(Collectors.joining(", ")) + " ("
                            + total + " bytes) for " + manifest.versionId()), new DdiProgress(1, STEPS));
            boolean resumed = false;
            for (SignedChunk chunk : chunks) {
                DownloadSink sink = slots.openDownload(actionId, chunk.artifact().filename());
                downloads.add(new DeviceSlots.VerifiedArtifact(chunk.manifest(), sink));
                resumed |= sink.position() > 0;
                ddi.download(chunk.downloadHref(), sink, chunk.manifest().artifact().size());
            }
            ddi.feedback(controllerId, actionId, ExecutionStatus.DOWNLOADED, FinalResult.NONE,
                    List.of("downloaded " + total + " bytes in " + chunks.size() + (chunks.size() == 1 ? " artifact" : " artifacts")
                            + (resumed ? " (resumed)" : "")), new DdiProgress(2, STEPS));
            listener.onState(controllerId, DeviceState.VERIFYING, manifest.versionId());
            for (DeviceSlots.VerifiedArtifact download : downloads) {
                verifier.verifyArtifact(download.manifest(), download.sink().position(), download.sink().sha256Hex());
            }
            if (deployment.deployment().update() == HandlingType.SKIP) {
                // hawkBit's update "skip" (e.g. outside the maintenance window): keep the downloads, install later.
                return new Outcome(false, DeviceState.IDLE, List.of("downloaded " + manifest.versionId() + ", waiting to install"
                        + (deployment.deployment().maintenanceWindow() == DdiMaintenanceWindowStatus.UNAVAILABLE
                        ? " (maintenance window closed)" : "")));
            }

            listener.onState(controllerId, DeviceState.INSTALLING, manifest.versionId());
            ddi.feedback(controllerId, actionId, ExecutionStatus.PROCEEDING, FinalResult.NONE,
                    List.of("installing " + manifest.versionId() + " into the inactive slot"), new DdiProgress(3, STEPS));
            DeviceSlots.InstallResult result = slots.install(actionId, manifest, downloads);
            close(downloads);
            slots.discardDownload(actionId);
            return result.healthy()
                    ? new Outcome(true, DeviceState.INSTALLED, List.of(result.detail()))
                    : new Outcome(false, DeviceState.FAILED, List.of(result.detail()));
        } catch (UpdateRefusedException e) {
            close(downloads);
            slots.discardDownload(actionId);
            return new Outcome(false, DeviceState.REFUSED, List.of("refused: " + e.getMessage()));
        } finally {
            close(downloads);
        }
    }

    private static void close(List<DeviceSlots.VerifiedArtifact> downloads) throws IOException {
        for (DeviceSlots.VerifiedArtifact download : downloads) download.sink().close();
    }

    /** A chunk whose manifest verified, with the artifact that manifest names and its download link. */
    private record SignedChunk(Manifest manifest, DdiArtifact artifact, String downloadHref) {
    }

    /**
     * Every chunk must carry a signed manifest for this device, all for the same action, version and counter, and
     * numbered 0 … n-1 for the n chunks served: a chunk dropped, added, swapped or unsigned refuses the action.
     */
    private List<SignedChunk> signedChunks(DdiDeploymentBase deployment) throws UpdateRefusedException, IOException {
        List<DdiChunk> chunks = deployment.chunks();
        if (chunks.isEmpty()) {
            throw new UpdateRefusedException(Refusal.UNSIGNED, "the deployment has no chunks");
        }
        SignedChunk[] signed = new SignedChunk[chunks.size()];
        Manifest first = null;
        for (DdiChunk chunk : chunks) {
            Manifest manifest = verifier.verifySigned(chunk);
            if (manifest.chunkCount() != chunks.size() || manifest.chunkIndex() < 0 || manifest.chunkIndex() >= chunks.size()
                    || signed[manifest.chunkIndex()] != null) {
                throw new UpdateRefusedException(Refusal.TAMPERED_ARTIFACT, "chunk '" + chunk.name() + "' is signed as chunk "
                        + manifest.chunkIndex() + " of " + manifest.chunkCount() + ", the deployment has " + chunks.size() + " chunks");
            }
            if (first != null && (!Objects.equals(first.actionId(), manifest.actionId()) || !Objects.equals(first.versionId(), manifest.versionId())
                    || first.releaseCounter() != manifest.releaseCounter())) {
                throw new UpdateRefusedException(Refusal.TAMPERED_ARTIFACT, "chunk '" + chunk.name() + "' is signed for another action or release");
            }
            if (first == null) first = manifest;
            DdiArtifact artifact = chunk.artifactList().stream()
                    .filter(a -> manifest.artifact().filename().equals(a.filename())).findFirst()
                    .orElseThrow(() -> new UpdateRefusedException(Refusal.TAMPERED_ARTIFACT, "the chunk has no artifact named "
                            + manifest.artifact().filename() + " as the manifest says"));
            String downloadHref = artifact.downloadHref(ddi.scheme())
                    .orElseThrow(() -> new IOException("artifact " + artifact.filename() + " has no download link"));
            signed[manifest.chunkIndex()] = new SignedChunk(manifest, artifact, downloadHref);
        }
        return List.of(signed);
    }

    static String lastSegment(String href) {
        String path = URI.create(href).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private record Outcome(boolean success, DeviceState state, List<String> details) {
    }
}
