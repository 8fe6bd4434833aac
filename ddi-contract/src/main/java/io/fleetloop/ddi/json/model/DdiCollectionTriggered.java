package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST {controllerBase}/collection-triggers} (Fleetloop extension): the report {@code DataFlowTriggered} — the
 * device's rule {@code flowId} (at rules {@code ruleVersion}) fired at {@code triggerTime} ({@code kind}: TAKEOVER,
 * HARD_BRAKING, ACCIDENT_FLAG or EXPRESSION) and the clip's files were uploaded to {@code storagePaths} (each a completed
 * collection upload of this device). Idempotent by {@code triggerId}. {@code dictionary} (optional; older agents omit
 * it) is the asset id of the trained zstd dictionary the clip's signal segment was written with, absent without one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiCollectionTriggered(String flowId, String triggerId, String kind, String triggerTime, String ruleVersion,
                                     List<String> storagePaths, String dictionary) {

    public DdiCollectionTriggered validate() {
        if (flowId == null || !flowId.matches(DdiClipUploadRequest.ID)) throw new DdiContractException("flowId", "the id of a collection rule");
        if (triggerId == null || !triggerId.matches(DdiClipUploadRequest.ID)) {
            throw new DdiContractException("triggerId", "1-64 letters, digits, . _ : -");
        }
        if (kind == null || !List.of("TAKEOVER", "HARD_BRAKING", "ACCIDENT_FLAG", "EXPRESSION").contains(kind)) {
            throw new DdiContractException("kind", "TAKEOVER, HARD_BRAKING, ACCIDENT_FLAG or EXPRESSION");
        }
        try {
            if (triggerTime == null) throw new DdiContractException("triggerTime", "an ISO-8601 instant");
            Instant.parse(triggerTime);
        } catch (java.time.format.DateTimeParseException e) {
            throw new DdiContractException("triggerTime", "an ISO-8601 instant (e.g. 2026-12-04T19:00:00Z)");
        }
        if (ruleVersion == null || !ruleVersion.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new DdiContractException("ruleVersion", "the collection-rules version the device ran");
        }
        if (storagePaths == null || storagePaths.isEmpty() || storagePaths.size() > 16) {
            throw new DdiContractException("storagePaths", "1-16 storage paths of completed collection uploads");
        }
        if (dictionary != null && !dictionary.matches(DdiClipUploadRequest.ID)) {
            throw new DdiContractException("dictionary", "the asset id of the trained dictionary the clip was written with, or absent");
        }
        return this;
    }
}
