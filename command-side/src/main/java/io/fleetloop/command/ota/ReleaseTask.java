package io.fleetloop.command.ota;

import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeviceReport;
import io.fleetloop.api.ota.DeviceReportOutcomes;
import io.fleetloop.api.ota.RecordDeviceReportsCommand;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.ArtifactRef;
import io.fleetloop.api.ota.ConfirmCancelCommand;
import io.fleetloop.api.ota.DeviceActionCanceledEvent;
import io.fleetloop.api.ota.DeviceActionProgressedEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.RecordRollbackResultCommand;
import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.CloseBatchCommand;
import io.fleetloop.api.ota.CreateReleaseTaskCommand;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.DeploymentBatchId;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.PauseReleaseCommand;
import io.fleetloop.api.ota.PlannedBatch;
import io.fleetloop.api.ota.RecordDeviceProgressCommand;
import io.fleetloop.api.ota.RecordDeviceResultCommand;
import io.fleetloop.api.ota.ReleasePausedEvent;
import io.fleetloop.api.ota.RolloutGateTrippedEvent;
import io.fleetloop.api.ota.PromoteRolloutCommand;
import io.fleetloop.api.ota.RolloutPromotedEvent;
import io.fleetloop.api.ota.TripRolloutGateCommand;
import io.fleetloop.api.ota.ReleaseResumedEvent;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseTaskStatus;
import io.fleetloop.api.ota.ResumeReleaseCommand;
import io.fleetloop.api.ota.RollbackReleaseCommand;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import io.fleetloop.api.ota.StartBatchCommand;
import io.fleetloop.api.ota.StartReleaseCommand;
import io.fleetloop.command.common.DerivedIds;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A gray OTA rollout (seed 001 §3.1–3.4): the eligible devices are fixed at start and split into batches by the
 * policy's percentages (the last batch takes the remainder; a batch of zero devices is refused). A batch closes when
 * all its devices reported or at its timeout (silent devices count as failed); a failure share above the error
 * threshold pauses the rollout, or rolls it back with {@code autoRollback}; the last batch meeting its success
 * threshold completes the closed loop. The batches are kept here, as entities of the release, so that every rule
 * that spans batches is decided in one place.
 */
@Aggregate(cache = "releaseTaskCache")
class ReleaseTask {

    static final String RESOURCE = "release task";
    static final int MAX_DEVICES = 1_000_000;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private static final class Batch {
        final DeploymentBatchId batchId;
        final List<String> devices;
        BatchStatus status = BatchStatus.PENDING;
        final Map<String, Boolean> results = new HashMap<>();

        Batch(PlannedBatch planned) {
            this.batchId = planned.batchId();
            this.devices = planned.deviceIds();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Batch b && b.batchId.equals(batchId) && b.devices.equals(devices) && b.status == status
                    && b.results.equals(results);
        }

        @Override
        public int hashCode() {
            return batchId.hashCode();
        }
    }

    @AggregateIdentifier
    private ReleaseTaskId taskId;
    private String tenantId;
    private String versionId;
    private String previousVersionId;
    private boolean previousArtifactKnown;
    private DeviceType deviceType;
    private GrayPolicy policy;
    private ReleaseTaskStatus status;
    private final List<Batch> batches = new ArrayList<>();
    private final Map<String, Integer> batchOfDevice = new HashMap<>();
    /** Devices sent back to the previous version, and those whose rollback result is in. */
    private final Set<String> rollbackDevices = new HashSet<>();
    private final Set<String> rollbackReported = new HashSet<>();
    private final Set<String> canceled = new HashSet<>();
    /** The batch the rollout gate last paused (it trips at most once per batch: an operator's resume overrides it). */
    private int gateTrippedBatch = -1;

    ReleaseTask() {
    }

    @CommandHandler
    ReleaseTask(CreateReleaseTaskCommand command, Clock clock) {
        if (command.releaseType() == null) throw FleetloopException.invalid("releaseType", "SOTA, FOTA or DOTA");
        if (command.versionId() == null || !VERSION.matcher(command.versionId()).matches()) {
            throw FleetloopException.invalid("versionId", "1-128 letters, digits or . _ + -");
        }
        if (command.artifact() == null || command.artifact().uri() == null || command.artifact().uri().isBlank()) {
            throw FleetloopException.invalid("artifactUri", "required");
        }
        if (command.targetDeviceType() == null) throw FleetloopException.invalid("targetDeviceType", "vehicle, robot or industrial");
        if (command.previousVersionId() != null && !VERSION.matcher(command.previousVersionId()).matches()) {
            throw FleetloopException.invalid("previousVersionId", "1-128 letters, digits or . _ + -");
        }
        requireValid(command.grayPolicy());
        ArtifactRef artifact = command.artifact();
        apply(new ReleaseTaskCreatedEvent(command.taskId(), command.tenantId(), command.versionId(), command.releaseType(),
                artifact.uri(), command.targetDeviceType(), command.grayPolicy(), command.previousVersionId(), artifact.sha256(),
                artifact.sizeBytes(), clock.instant(), artifact.sha1(), artifact.md5(),
                command.previousVersionId() == null ? null : command.previousArtifact(),
                command.modules() == null || command.modules().isEmpty() ? null : List.copyOf(command.modules()),
                command.datasetIds() == null || command.datasetIds().isEmpty() ? null : List.copyOf(command.datasetIds())));
    }

    static void requireValid(GrayPolicy policy) {
        if (policy == null) throw FleetloopException.invalid("grayPolicy", "required");
        List<Double> shares = policy.batchPercentages();
        if (shares.isEmpty() || shares.size() > 100) throw FleetloopException.invalid("grayPolicy.batchPercentages", "1 to 100 batches");
        double sum = 0;
        for (Double share : shares) {
            if (share == null || !(share > 0 && share <= 100)) {
                throw FleetloopException.invalid("grayPolicy.batchPercentages", "every share must be above 0 and at most 100");
            }
            sum += share;
        }
        if (Math.abs(sum - 100) > 0.01) throw FleetloopException.invalid("grayPolicy.batchPercentages", "must add up to 100, not " + sum);
        if (policy.intervalHours() != null && !(policy.intervalHours() >= 0 && policy.intervalHours() <= 24 * 365)) {
            throw FleetloopException.invalid("grayPolicy.intervalHours", "between 0 and 8760");
        }
        duration(policy::effectiveInterval, "grayPolicy.interval", true);
        duration(policy::effectiveBatchTimeout, "grayPolicy.batchTimeout", false);
        if (!(policy.effectiveSuccessThreshold() >= 0 && policy.effectiveSuccessThreshold() <= 1)) {
            throw FleetloopException.invalid("grayPolicy.successThreshold", "between 0 and 1");
        }
        if (!(policy.effectiveErrorThreshold() >= 0 && policy.effectiveErrorThreshold() <= 1)) {
            throw FleetloopException.invalid("grayPolicy.errorThreshold", "between 0 and 1");
        }
        // A device told to skip the download has nothing to install: hawkBit never asks for that either.
        if (!List.of("forced", "attempt").contains(policy.effectiveDownload())) {
            throw FleetloopException.invalid("grayPolicy.download", "forced or attempt");
        }
        if (!GrayPolicy.HANDLING.contains(policy.effectiveUpdate())) throw FleetloopException.invalid("grayPolicy.update", "forced, attempt or skip");
    }

    private static void duration(java.util.function.Supplier<Duration> value, String field, boolean zeroAllowed) {
        try {
            Duration duration = value.get();
            if (duration.isNegative() || (!zeroAllowed && duration.isZero())) throw FleetloopException.invalid(field, "must be positive");
        } catch (DateTimeParseException e) {
            throw FleetloopException.invalid(field, "an ISO-8601 duration such as PT12H");
        }
    }

    @CommandHandler
    void handle(StartReleaseCommand command, Clock clock, DeviceSelection registry, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status != ReleaseTaskStatus.DRAFT) throw FleetloopException.conflict("release task " + taskId + " is " + status + ", not DRAFT");
        List<String> devices;
        if (command.deviceIds() == null) {
            devices = registry.eligible(tenantId, deviceType, policy.deviceFilter(), versionId);
        } else {
            devices = List.copyOf(new LinkedHashSet<>(command.deviceIds()));
            List<String> unknown = registry.notEligible(tenantId, deviceType, devices);
            if (!unknown.isEmpty()) {
                throw FleetloopException.invalid("deviceIds", unknown.size() + " are not registered " + deviceType + " devices: "
                        + String.join(", ", unknown.subList(0, Math.min(10, unknown.size()))) + (unknown.size() > 10 ? ", ..." : ""));
            }
        }
        if (devices.isEmpty()) throw FleetloopException.conflict("no eligible device: none matches the type and filter or all run " + versionId);
        if (devices.size() > MAX_DEVICES) throw FleetloopException.conflict("more than " + MAX_DEVICES + " eligible devices");
        List<PlannedBatch> plan = plan(taskId, policy.batchPercentages(), devices);
        Instant now = clock.instant();
        apply(new ReleaseStartedEvent(taskId, tenantId, plan, devices.size(), policy, now));
        apply(new DeploymentBatchStartedEvent(taskId, tenantId, plan.get(0).batchId(), 0, plan.get(0).deviceIds(), now,
                actionIds.next(plan.get(0).deviceIds().size())));
    }

    /** Splits devices by the shares, rounding down; the last batch takes the remainder. A batch of zero devices is refused. */
    static List<PlannedBatch> plan(ReleaseTaskId taskId, List<Double> shares, List<String> devices) {
        List<PlannedBatch> plan = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < shares.size(); i++) {
            int size = i == shares.size() - 1 ? devices.size() - from : (int) Math.floor(devices.size() * shares.get(i) / 100.0);
            if (size <= 0) {
                throw FleetloopException.invalid("grayPolicy.batchPercentages", "batch " + (i + 1) + " (" + shares.get(i) + "%) of "
                        + devices.size() + " eligible devices would have no device; use fewer or larger batches");
            }
            DeploymentBatchId batchId = new DeploymentBatchId(DerivedIds.uuid(taskId.value() + "#" + i));
            plan.add(new PlannedBatch(batchId, i, shares.get(i), devices.subList(from, from + size)));
            from += size;
        }
        return plan;
    }

    @CommandHandler
    void handle(StartBatchCommand command, Clock clock, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (command.batchIndex() < 0 || command.batchIndex() >= batches.size()) throw FleetloopException.invalid("batchIndex", "no such batch");
        Batch batch = batches.get(command.batchIndex());
        if (batch.status != BatchStatus.PENDING) return; // started already (by the saga or an operator)
        if (status != ReleaseTaskStatus.RUNNING) throw FleetloopException.conflict("release task " + taskId + " is " + status + ", not RUNNING");
        if (command.batchIndex() > 0) {
            BatchStatus previous = batches.get(command.batchIndex() - 1).status;
            if (previous == BatchStatus.PENDING || previous == BatchStatus.DEPLOYING) {
                throw FleetloopException.conflict("batch " + command.batchIndex() + " starts only after batch " + (command.batchIndex() - 1) + " closed");
            }
        }
        apply(new DeploymentBatchStartedEvent(taskId, tenantId, batch.batchId, command.batchIndex(), batch.devices, clock.instant(),
                actionIds.next(batch.devices.size())));
    }

    @CommandHandler
    void handle(RecordDeviceResultCommand command, Clock clock, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        recordResult(command.deviceId(), command.success(), command.detail(), clock.instant(), actionIds);
    }

    /**
     * Many devices' feedback in one transaction: each report is decided exactly as its own command would be, in order;
     * a report refused for bad input (no such action) is answered with its reason and the others still count.
     */
    @CommandHandler
    DeviceReportOutcomes handle(RecordDeviceReportsCommand command, Clock clock, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        Instant now = clock.instant();
        List<ErrorDetails> refusals = new ArrayList<>(command.reports().size());
        for (DeviceReport report : command.reports()) {
            try {
                switch (report.type()) {
                    case UPDATE_RESULT -> recordResult(report.deviceId(), report.success(), report.detail(), now, actionIds);
                    case ROLLBACK_RESULT -> recordRollbackResult(report.deviceId(), report.success(), report.detail(), now);
                    case PROGRESS -> recordProgress(report.deviceId(), report.kind(), report.execution(), report.detail(), now);
                }
                refusals.add(null);
            } catch (FleetloopException refused) {
                refusals.add(refused.details());
            }
        }
        return new DeviceReportOutcomes(refusals);
    }

    private void recordResult(String deviceId, boolean success, String detail, Instant now, ActionIds actionIds) {
        Integer index = batchOfDevice.get(deviceId);
        if (index == null || batches.get(index).status == BatchStatus.PENDING) {
            throw FleetloopException.notFound("deployment of " + taskId + " to device", deviceId);
        }
        Batch batch = batches.get(index);
        if (batch.results.containsKey(deviceId)) return;
        if (canceled.contains(deviceId)) return; // it stopped on our cancel; its rollback result counts
        apply(new DeviceUpdateReportedEvent(taskId, tenantId, batch.batchId, deviceId, success, clip(detail), now, versionId));
        if (batch.status == BatchStatus.DEPLOYING && batch.results.size() == batch.devices.size()) close(index, false, now, actionIds);
    }

    @CommandHandler
    void handle(RecordRollbackResultCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        recordRollbackResult(command.deviceId(), command.success(), command.detail(), clock.instant());
    }

    private void recordRollbackResult(String deviceId, boolean success, String detail, Instant now) {
        requireAction(deviceId, ActionKind.ROLLBACK);
        if (rollbackReported.contains(deviceId)) return;
        apply(new DeviceRollbackReportedEvent(taskId, tenantId, deviceId, success, clip(detail), previousVersionId, now));
    }

    @CommandHandler
    void handle(ConfirmCancelCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        requireAction(command.deviceId(), ActionKind.UPDATE);
        if (!rollbackDevices.contains(command.deviceId())) throw FleetloopException.conflict("the update of " + command.deviceId() + " was not canceled");
        if (canceled.contains(command.deviceId())) return;
        Batch batch = batches.get(batchOfDevice.get(command.deviceId()));
        if (batch.results.containsKey(command.deviceId())) return; // it finished before the cancel reached it
        if (command.accepted()) {
            apply(new DeviceActionCanceledEvent(taskId, tenantId, command.deviceId(), clip(command.detail()), clock.instant()));
        } else {
            apply(new DeviceActionProgressedEvent(taskId, tenantId, command.deviceId(), ActionKind.UPDATE, "rejected-cancel",
                    clip(command.detail()), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordDeviceProgressCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        recordProgress(command.deviceId(), command.kind(), command.execution(), command.detail(), clock.instant());
    }

    private void recordProgress(String deviceId, ActionKind kind, String execution, String detail, Instant now) {
        requireAction(deviceId, kind);
        boolean finished = kind == ActionKind.ROLLBACK ? rollbackReported.contains(deviceId)
                : canceled.contains(deviceId) || batches.get(batchOfDevice.get(deviceId)).results.containsKey(deviceId);
        if (finished) return; // a late or repeated progress report changes nothing
        apply(new DeviceActionProgressedEvent(taskId, tenantId, deviceId, kind, execution, clip(detail), now));
    }

    private void requireAction(String deviceId, ActionKind kind) {
        Integer index = batchOfDevice.get(deviceId);
        boolean exists = kind == ActionKind.ROLLBACK ? rollbackDevices.contains(deviceId)
                : index != null && batches.get(index).status != BatchStatus.PENDING;
        if (!exists) throw FleetloopException.notFound(kind.name().toLowerCase(java.util.Locale.ROOT) + " of " + taskId + " to device", deviceId);
    }

    private static String clip(String detail) {
        return detail == null ? null : detail.substring(0, Math.min(1000, detail.length()));
    }

    @CommandHandler
    void handle(CloseBatchCommand command, Clock clock, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (command.batchIndex() < 0 || command.batchIndex() >= batches.size()) throw FleetloopException.invalid("batchIndex", "no such batch");
        if (batches.get(command.batchIndex()).status != BatchStatus.DEPLOYING) return;
        close(command.batchIndex(), command.timedOut(), clock.instant(), actionIds);
    }

    private void close(int index, boolean timedOut, Instant now, ActionIds actionIds) {
        Batch batch = batches.get(index);
        int size = batch.devices.size();
        int success = (int) batch.results.values().stream().filter(Boolean::booleanValue).count();
        int failed = batch.results.size() - success;
        int silent = size - batch.results.size();
        double failureRate = (failed + silent) / (double) size;
        boolean met = success / (double) size >= policy.effectiveSuccessThreshold();
        boolean last = index == batches.size() - 1;
        apply(new DeploymentBatchCompletedEvent(taskId, tenantId, batch.batchId, index, met ? BatchStatus.COMPLETED : BatchStatus.FAILED,
                success, failed, silent, last, now));
        if (status == ReleaseTaskStatus.ROLLED_BACK || status == ReleaseTaskStatus.COMPLETED) return;
        if (failureRate > policy.effectiveErrorThreshold()) {
            String reason = String.format(java.util.Locale.ROOT, "batch %d: %.1f%% of %d devices failed%s (error threshold %.1f%%)",
                    index + 1, failureRate * 100, size, silent > 0 ? " or stayed silent" : "", policy.effectiveErrorThreshold() * 100);
            if (policy.autoRollback() && previousArtifactKnown) {
                rollBack(reason, true, now, actionIds);
            } else if (status == ReleaseTaskStatus.RUNNING) {
                apply(new ReleasePausedEvent(taskId, tenantId, reason, true, now));
            }
        } else if (!met) {
            if (status == ReleaseTaskStatus.RUNNING) {
                apply(new ReleasePausedEvent(taskId, tenantId, String.format(java.util.Locale.ROOT,
                        "batch %d: %d of %d devices succeeded, below the success threshold", index + 1, success, size), true, now));
            }
        } else if (last) {
            int total = batches.stream().mapToInt(b -> b.devices.size()).sum();
            int succeeded = (int) batches.stream().flatMap(b -> b.results.values().stream()).filter(Boolean::booleanValue).count();
            apply(new OTAClosedLoopCompletedEvent(taskId, tenantId, versionId, total, succeeded, now));
        }
    }

    /** Devices that installed or are installing the version: all devices of started batches but those that reported failure. */
    private List<String> devicesToRollBack() {
        List<String> devices = new ArrayList<>();
        for (Batch batch : batches) {
            if (batch.status == BatchStatus.PENDING) continue;
            for (String device : batch.devices) {
                if (!Boolean.FALSE.equals(batch.results.get(device))) devices.add(device);
            }
        }
        return devices;
    }

    @CommandHandler
    void handle(PauseReleaseCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == ReleaseTaskStatus.PAUSED) return;
        if (status != ReleaseTaskStatus.RUNNING) throw FleetloopException.conflict("release task " + taskId + " is " + status + ", not RUNNING");
        apply(new ReleasePausedEvent(taskId, tenantId, command.reason() == null ? "paused by an operator" : command.reason(), false, clock.instant()));
    }

    /**
     * The rollout gate (fleet evidence: the new version's trigger rate is worse than the old one's) pauses a RUNNING
     * rollout, once per batch; for a rollout that is not running, or whose current batch tripped already, nothing happens.
     */
    @CommandHandler
    void handle(TripRolloutGateCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status != ReleaseTaskStatus.RUNNING || command.evidence() == null) return;
        int current = -1;
        for (int i = 0; i < batches.size(); i++) if (batches.get(i).status != BatchStatus.PENDING) current = i;
        if (current < 0 || current == gateTrippedBatch) return;
        if (!versionId.equals(command.evidence().newVersion())) return;
        Instant now = clock.instant();
        var e = command.evidence();
        apply(new RolloutGateTrippedEvent(taskId, tenantId, current, e, now));
        apply(new ReleasePausedEvent(taskId, tenantId, String.format(java.util.Locale.ROOT,
                "rollout gate: %s triggers %.2f per 100 km (%d in %.1f km) vs old %.2f (%d in %.1f km), margin %.0f%%, p=%.2g < %.2g",
                e.newVersion(), e.newRatePer100Km(), e.newTriggers(), e.newKm(), e.oldRatePer100Km(), e.oldTriggers(), e.oldKm(),
                e.margin() * 100, e.pValue(), e.alpha()), true, now));
    }

    /**
     * Early promotion by the rollout gate (fleet evidence: the new version's trigger rate is better than the old one's):
     * when the policy allows it ({@code earlyPromotion}), the rollout is RUNNING and its latest started batch closed
     * with its threshold met while the next one waits for the interval, that next batch starts now, with the evidence
     * recorded before it. Anything else (a batch still deploying, none left, a pause, another version) changes nothing:
     * the gate asks again on the next report.
     */
    @CommandHandler
    void handle(PromoteRolloutCommand command, Clock clock, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status != ReleaseTaskStatus.RUNNING || command.evidence() == null || !policy.effectiveEarlyPromotion()) return;
        if (!versionId.equals(command.evidence().newVersion())) return;
        int current = -1;
        for (int i = 0; i < batches.size(); i++) if (batches.get(i).status != BatchStatus.PENDING) current = i;
        if (current < 0 || current + 1 >= batches.size() || batches.get(current).status != BatchStatus.COMPLETED) return;
        Batch next = batches.get(current + 1);
        Instant now = clock.instant();
        var e = command.evidence();
        apply(new RolloutPromotedEvent(taskId, tenantId, current, current + 1, e, String.format(java.util.Locale.ROOT,
                "early promotion: batch %d started before its interval; rollout gate: %s triggers %.2f per 100 km (%d in %.1f km) vs old %.2f "
                        + "(%d in %.1f km), margin %.0f%%, p=%.2g < %.2g",
                current + 2, e.newVersion(), e.newRatePer100Km(), e.newTriggers(), e.newKm(), e.oldRatePer100Km(), e.oldTriggers(), e.oldKm(),
                e.margin() * 100, e.pValue(), e.alpha()), now));
        apply(new DeploymentBatchStartedEvent(taskId, tenantId, next.batchId, current + 1, next.devices, now, actionIds.next(next.devices.size())));
    }

    @CommandHandler
    void handle(ResumeReleaseCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == ReleaseTaskStatus.RUNNING) return;
        if (status != ReleaseTaskStatus.PAUSED) throw FleetloopException.conflict("release task " + taskId + " is " + status + ", not PAUSED");
        apply(new ReleaseResumedEvent(taskId, tenantId, clock.instant()));
    }

    @CommandHandler
    void handle(RollbackReleaseCommand command, Clock clock, ActionIds actionIds) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == ReleaseTaskStatus.ROLLED_BACK) return;
        if (status == ReleaseTaskStatus.DRAFT) throw FleetloopException.conflict("release task " + taskId + " has not started; nothing to roll back");
        if (previousVersionId == null) throw FleetloopException.conflict("release task " + taskId + " has no previousVersionId to roll back to");
        if (!previousArtifactKnown) {
            throw FleetloopException.conflict("no artifact of the previous version " + previousVersionId
                    + " is known (no earlier release of it and no previousArtifactUri); devices cannot be given it back");
        }
        rollBack(command.reason() == null ? "rolled back by an operator" : command.reason(), false, clock.instant(), actionIds);
    }

    private void rollBack(String reason, boolean automatic, Instant now, ActionIds actionIds) {
        List<String> devices = devicesToRollBack();
        apply(new RollbackTriggeredEvent(taskId, tenantId, previousVersionId, devices, reason, automatic, now, actionIds.next(devices.size())));
    }

    @EventSourcingHandler
    void on(ReleaseTaskCreatedEvent event) {
        taskId = event.taskId();
        tenantId = event.tenantId();
        versionId = event.versionId();
        previousVersionId = event.previousVersionId();
        previousArtifactKnown = event.previousArtifact() != null;
        deviceType = event.targetDeviceType();
        policy = event.grayPolicy();
        status = ReleaseTaskStatus.DRAFT;
    }

    @EventSourcingHandler
    void on(ReleaseStartedEvent event) {
        status = ReleaseTaskStatus.RUNNING;
        for (PlannedBatch planned : event.batches()) {
            batches.add(new Batch(planned));
            for (String device : planned.deviceIds()) batchOfDevice.put(device, planned.batchIndex());
        }
    }

    @EventSourcingHandler
    void on(DeploymentBatchStartedEvent event) {
        batches.get(event.batchIndex()).status = BatchStatus.DEPLOYING;
    }

    @EventSourcingHandler
    void on(DeviceUpdateReportedEvent event) {
        batches.get(batchOfDevice.get(event.deviceId())).results.put(event.deviceId(), event.success());
    }

    @EventSourcingHandler
    void on(DeviceRollbackReportedEvent event) {
        rollbackReported.add(event.deviceId());
    }

    @EventSourcingHandler
    void on(DeviceActionCanceledEvent event) {
        canceled.add(event.deviceId());
    }

    @EventSourcingHandler
    void on(DeploymentBatchCompletedEvent event) {
        batches.get(event.batchIndex()).status = event.status();
    }

    @EventSourcingHandler
    void on(ReleasePausedEvent event) {
        status = ReleaseTaskStatus.PAUSED;
    }

    @EventSourcingHandler
    void on(RolloutGateTrippedEvent event) {
        gateTrippedBatch = event.batchIndex();
    }

    @EventSourcingHandler
    void on(ReleaseResumedEvent event) {
        status = ReleaseTaskStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(RollbackTriggeredEvent event) {
        status = ReleaseTaskStatus.ROLLED_BACK;
        rollbackDevices.addAll(event.deviceIds());
    }

    @EventSourcingHandler
    void on(OTAClosedLoopCompletedEvent event) {
        status = ReleaseTaskStatus.COMPLETED;
    }
}
