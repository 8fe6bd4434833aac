package io.fleetloop.api.diagnosis;

import java.util.List;

/**
 * A diagnosis of a batch: by which diagnoser (builtin or llm:model), the root-cause candidates, recommendations,
 * overall confidence, the cited knowledge entries and every step's input/output for audit.
 */
public record Diagnosis(String diagnoser, List<RootCauseCandidate> candidates, List<String> recommendations,
                        double confidence, List<Citation> citations, List<DiagnosisStep> steps) {
    public Diagnosis {
        candidates = List.copyOf(candidates);
        recommendations = List.copyOf(recommendations);
        citations = List.copyOf(citations);
        steps = List.copyOf(steps);
    }
}
