package io.fleetloop.api.behavior;

import io.fleetloop.api.catalog.Modality;

import java.util.List;

/**
 * Seed 000 §4 step 10 nextIngestionScope: what the next round of collection takes. {@code deviceIds}/{@code deviceTypes}
 * select the fleet, {@code windows} the time, {@code sceneTags} and {@code modalities} the content; {@code triggerRule}
 * is the expression over signals that would have caught the sample(s) (pushed to edge agents as a data-flow rule),
 * with its pre/post window in seconds. {@code sourceId} + {@code includePattern} + {@code targetPath} are the
 * ingestion task it becomes (seed §4 step 14).
 */
public record NextIngestionScope(List<String> deviceIds, List<String> deviceTypes, List<TimeWindow> windows,
                                 List<String> sceneTags, List<Modality> modalities, String triggerRule, int preSeconds,
                                 int postSeconds, String sourceId, String includePattern, String targetPath) {
    public NextIngestionScope {
        deviceIds = deviceIds == null ? List.of() : List.copyOf(deviceIds);
        deviceTypes = deviceTypes == null ? List.of() : List.copyOf(deviceTypes);
        windows = windows == null ? List.of() : List.copyOf(windows);
        sceneTags = sceneTags == null ? List.of() : List.copyOf(sceneTags);
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
    }
}
