package io.fleetloop.api.diagnosis;

/** A knowledge-base entry a diagnosis cites, with the retrieval scores that found it (explained ranking). */
public record Citation(String entryId, int entryVersion, String errorCode, String title, double fusedScore,
                       Integer textRank, Integer vectorRank) {
}
