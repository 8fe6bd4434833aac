package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.RootCauseCandidate;

import java.util.List;

/** A diagnoser's answer before verification; {@code tokens} is what the model reported (0 for the built-in one). */
public record Reasoning(String diagnoser, List<RootCauseCandidate> candidates, List<String> recommendations, double confidence,
                        long tokens, String raw) {
    public Reasoning {
        candidates = List.copyOf(candidates);
        recommendations = List.copyOf(recommendations);
    }
}
