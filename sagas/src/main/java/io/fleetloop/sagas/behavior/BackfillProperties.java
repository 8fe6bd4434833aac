package io.fleetloop.sagas.behavior;

import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.behavior.BackfillStage;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code fleetloop.backfill.*}: how long the backfill process waits for each stage before it flags the loop as
 * stalled ({@code stall-after.<STAGE>}, ISO-8601 or Spring durations), and the annotation task it creates over the
 * backfilled assets (type, labeler, QC spot-check rate; pre-labeling starts at once).
 */
@ConfigurationProperties("fleetloop.backfill")
public record BackfillProperties(Map<BackfillStage, Duration> stallAfter, AnnotationType annotationType, PreLabelConfig.Labeler labeler,
                                 String labelerEndpoint, Double minConfidence, Double spotCheckRate) {

    static final Map<BackfillStage, Duration> DEFAULT_STALL_AFTER = Map.of(
            BackfillStage.INGESTION_STARTED, Duration.ofMinutes(15),
            BackfillStage.DATA_INGESTED, Duration.ofHours(6),
            BackfillStage.ANNOTATED, Duration.ofDays(7),
            BackfillStage.EXPORTED, Duration.ofDays(3),
            BackfillStage.MODEL_READY, Duration.ofDays(14),
            BackfillStage.ROLLOUT_STARTED, Duration.ofDays(2),
            BackfillStage.ROLLOUT_COMPLETED, Duration.ofDays(30));

    public BackfillProperties {
        Map<BackfillStage, Duration> merged = new EnumMap<>(DEFAULT_STALL_AFTER);
        if (stallAfter != null) merged.putAll(stallAfter);
        stallAfter = Map.copyOf(merged);
        annotationType = annotationType == null ? AnnotationType.BOX_3D : annotationType;
        labeler = labeler == null ? PreLabelConfig.Labeler.BUILTIN_LIDAR : labeler;
        minConfidence = minConfidence == null ? 0.2 : minConfidence;
        spotCheckRate = spotCheckRate == null ? 0.0 : spotCheckRate;
    }

    /** The defaults: what an unconfigured platform uses. */
    public static BackfillProperties defaults() {
        return new BackfillProperties(null, null, null, null, null, null);
    }

    Duration stallAfter(BackfillStage stage) {
        return stallAfter.get(stage);
    }

    PreLabelConfig preLabelConfig() {
        return new PreLabelConfig(labeler, labelerEndpoint, minConfidence);
    }
}
