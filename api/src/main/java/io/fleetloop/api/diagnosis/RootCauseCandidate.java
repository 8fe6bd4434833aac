package io.fleetloop.api.diagnosis;

import java.util.List;

/** A root-cause candidate with its confidence in [0, 1] and the knowledge entries (ids) that support it. */
public record RootCauseCandidate(String cause, double confidence, List<String> errorCodes, List<String> citedEntryIds) {
    public RootCauseCandidate {
        errorCodes = List.copyOf(errorCodes);
        citedEntryIds = List.copyOf(citedEntryIds);
    }
}
