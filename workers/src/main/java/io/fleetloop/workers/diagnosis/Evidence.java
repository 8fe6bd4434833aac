package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.KnowledgeHit;

import java.util.List;

/**
 * What the reasoning step gets: the batch's platform and firmware, the triaged error codes (most important first)
 * with their share of all errors, signal findings, and the retrieved knowledge (only entries that passed the hard filter).
 */
public record Evidence(String vehiclePlatform, String firmwareVersion, List<Focus> focus, List<String> signalFindings,
                       List<KnowledgeHit> hits) {

    public record Focus(ErrorCodeStat stat, double share, List<KnowledgeHit> hits) {
    }

    public Evidence {
        focus = List.copyOf(focus);
        signalFindings = List.copyOf(signalFindings);
        hits = List.copyOf(hits);
    }
}
