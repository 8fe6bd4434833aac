package io.fleetloop.edge.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code state.json} of an A/B slot folder: the active slot, what runs in it, the anti-rollback counter, the version
 * before, and the actions already finished (so a re-offered action is not installed twice).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotState(String activeSlot, String versionId, long releaseCounter, String previousVersionId,
                        Map<String, String> finishedActions) {

    static final int FINISHED_ACTIONS_KEPT = 100;

    public SlotState {
        activeSlot = activeSlot == null ? "a" : activeSlot;
        finishedActions = finishedActions == null ? new LinkedHashMap<>() : new LinkedHashMap<>(finishedActions);
    }

    public static SlotState initial() {
        return new SlotState("a", null, 0, null, null);
    }

    public String inactiveSlot() {
        return "a".equals(activeSlot) ? "b" : "a";
    }

    SlotState switchedTo(String slot, String version, long counter) {
        return new SlotState(slot, version, counter, versionId, finishedActions);
    }

    SlotState withFinished(String actionId, String result) {
        Map<String, String> finished = new LinkedHashMap<>(finishedActions);
        finished.remove(actionId);
        finished.put(actionId, result);
        while (finished.size() > FINISHED_ACTIONS_KEPT) {
            finished.remove(finished.keySet().iterator().next());
        }
        return new SlotState(activeSlot, versionId, releaseCounter, previousVersionId, finished);
    }
}
