package io.fleetloop.api.ota;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 001 §3.3 gray policy: batch shares in percent, the wait between batches ({@code intervalHours}, fractions
 * allowed, or an ISO-8601 {@code interval} that overrides it) and a device filter (attribute → value). Beyond the
 * seed: a batch needs {@code successThreshold} (share of its devices succeeding, default 0.95) for the next one to
 * start; a failure share above {@code errorThreshold} (default 0.05) pauses the rollout, and with
 * {@code autoRollback} rolls it back; silent devices count as failed after {@code batchTimeout} (default PT24H).
 * How devices handle the update, as hawkBit says it in deploymentBase: {@code download} and {@code update} are
 * {@code forced} (the default), {@code attempt} or (update only) {@code skip}; a {@code maintenanceWindow} limits
 * installing to its hours. Events stored before these existed read them as null: forced, no window.
 * {@code earlyPromotion} (default false) lets the rollout gate start the next batch before the interval ends when the
 * fleet's evidence shows the new version better than the old one (docs/edge-collection.md "Rollout gate").
 */
public record GrayPolicy(List<Double> batchPercentages, Double intervalHours, String interval, Map<String, String> deviceFilter,
                         Double successThreshold, Double errorThreshold, String batchTimeout, boolean autoRollback,
                         String download, String update, MaintenanceWindow maintenanceWindow, Boolean earlyPromotion) {

    public static final List<String> HANDLING = List.of("forced", "attempt", "skip");

    public GrayPolicy {
        batchPercentages = batchPercentages == null ? List.of() : List.copyOf(batchPercentages);
        deviceFilter = deviceFilter == null ? Map.of() : Map.copyOf(deviceFilter);
    }

    public GrayPolicy(List<Double> batchPercentages, Double intervalHours, String interval, Map<String, String> deviceFilter,
                      Double successThreshold, Double errorThreshold, String batchTimeout, boolean autoRollback,
                      String download, String update, MaintenanceWindow maintenanceWindow) {
        this(batchPercentages, intervalHours, interval, deviceFilter, successThreshold, errorThreshold, batchTimeout, autoRollback,
                download, update, maintenanceWindow, null);
    }

    public GrayPolicy(List<Double> batchPercentages, Double intervalHours, String interval, Map<String, String> deviceFilter,
                      Double successThreshold, Double errorThreshold, String batchTimeout, boolean autoRollback) {
        this(batchPercentages, intervalHours, interval, deviceFilter, successThreshold, errorThreshold, batchTimeout, autoRollback,
                null, null, null);
    }

    /** Whether the rollout gate may start the next batch before the interval ends (false when not given). */
    public boolean effectiveEarlyPromotion() {
        return Boolean.TRUE.equals(earlyPromotion);
    }

    /** {@code download}, lower case, {@code forced} when not given. */
    public String effectiveDownload() {
        return download == null || download.isBlank() ? "forced" : download.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code update}, lower case, {@code forced} when not given. */
    public String effectiveUpdate() {
        return update == null || update.isBlank() ? "forced" : update.trim().toLowerCase(Locale.ROOT);
    }

    /** The wait between a completed batch and the next: {@code interval} if given, else {@code intervalHours}. */
    public Duration effectiveInterval() {
        if (interval != null && !interval.isBlank()) return Duration.parse(interval);
        return Duration.ofMillis(Math.round((intervalHours == null ? 0 : intervalHours) * 3_600_000));
    }

    public double effectiveSuccessThreshold() {
        return successThreshold == null ? 0.95 : successThreshold;
    }

    public double effectiveErrorThreshold() {
        return errorThreshold == null ? 0.05 : errorThreshold;
    }

    public Duration effectiveBatchTimeout() {
        return batchTimeout == null || batchTimeout.isBlank() ? Duration.ofHours(24) : Duration.parse(batchTimeout);
    }
}
