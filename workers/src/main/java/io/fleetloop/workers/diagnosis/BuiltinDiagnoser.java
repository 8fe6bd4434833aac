package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.KnowledgeHit;
import io.fleetloop.api.diagnosis.RootCauseCandidate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The default diagnoser, deterministic and model-free. For each triaged error code: an applicable entry for exactly
 * that code is the cause (confidence from the code's share of the batch's errors and how well the entry ranked);
 * without one, the best related entry is a weaker candidate; with nothing retrieved, the code is reported as unknown
 * with a low confidence and no citation. Recommendations are the cited entries' fixes, in candidate order.
 */
public class BuiltinDiagnoser implements Diagnoser {

    public static final String NAME = "builtin";

    @Override
    public Reasoning reason(Evidence evidence) {
        List<RootCauseCandidate> candidates = new ArrayList<>();
        Set<String> recommendations = new LinkedHashSet<>();
        for (Evidence.Focus focus : evidence.focus()) {
            String code = focus.stat().code();
            List<KnowledgeHit> exact = focus.hits().stream().filter(h -> code.equalsIgnoreCase(h.content().errorCode())).toList();
            if (!exact.isEmpty()) {
                KnowledgeHit best = exact.get(0);
                double confidence = 0.55 + 0.3 * focus.share() + (focus.hits().get(0) == best ? 0.1 : 0.0);
                candidates.add(new RootCauseCandidate(causeOf(best), round(Math.min(0.95, confidence)), List.of(code),
                        exact.stream().map(KnowledgeHit::entryId).limit(2).toList()));
                exact.stream().limit(2).forEach(h -> recommendations.add(h.content().fixes()));
            } else if (!focus.hits().isEmpty()) {
                KnowledgeHit related = focus.hits().get(0);
                double confidence = 0.2 + 0.2 * focus.share();
                candidates.add(new RootCauseCandidate("related to " + related.content().errorCode() + ": " + causeOf(related),
                        round(confidence), List.of(code), List.of(related.entryId())));
                recommendations.add(related.content().fixes());
            } else {
                candidates.add(new RootCauseCandidate(String.format(Locale.ROOT,
                        "unknown error code %s (%s): no knowledge entry applies to platform %s firmware %s", code,
                        focus.stat().module(), evidence.vehiclePlatform(), evidence.firmwareVersion()), 0.1, List.of(code), List.of()));
            }
        }
        candidates.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        double confidence = candidates.stream().mapToDouble(RootCauseCandidate::confidence).max().orElse(0);
        if (!evidence.signalFindings().isEmpty()) {
            recommendations.add("check the signal findings: " + String.join("; ", evidence.signalFindings()));
        }
        return new Reasoning(NAME, candidates, List.copyOf(recommendations), confidence, 0, null);
    }

    private static String causeOf(KnowledgeHit hit) {
        String causes = hit.content().causes();
        return causes == null || causes.isBlank() ? hit.content().title() : hit.content().title() + " — " + causes;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
