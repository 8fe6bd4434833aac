package io.fleetloop.api.diagnosis;

/**
 * A retrieved entry with why it ranks where it does: its rank in the BM25 list and in the kNN list (null when it
 * was not in that list), the raw scores, and the reciprocal-rank-fusion score {@code Σ 1/(k + rank)}.
 */
public record KnowledgeHit(String entryId, int version, KnowledgeContent content, Integer textRank, Double textScore,
                           Integer vectorRank, Double vectorScore, double fusedScore, String explanation) {
}
