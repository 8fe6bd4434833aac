package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.Citation;
import io.fleetloop.api.diagnosis.DiagnoseLogBatchJob;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.DiagnosisStep;
import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.FirmwareRange;
import io.fleetloop.api.diagnosis.KnowledgeHit;
import io.fleetloop.api.diagnosis.RetrievalMode;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;
import io.fleetloop.api.diagnosis.RootCauseCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Seed 004's multi-agent idea as four steps of one process, each step's input and output recorded
 * ({@link Diagnosis#steps()}): <b>triage</b> (which error codes matter, by level and count), <b>retrieve</b> (hybrid
 * retrieval per code through the QueryGateway, with the batch's platform and firmware as hard filters),
 * <b>reason</b> (the LLM diagnoser when configured, else, or when it fails, the built-in one) and <b>verify</b>
 * (every cited id must be one retrieved for this batch — others are dropped; an LLM answer left without a candidate
 * falls back to the built-in diagnoser).
 */
public class DiagnosisPipeline {

    static final int MAX_FOCUS = 5;
    private static final Logger log = LoggerFactory.getLogger(DiagnosisPipeline.class);

    private final KnowledgeRetriever retriever;
    private final BuiltinDiagnoser builtin;
    private final LlmDiagnoser llm;
    private final ObjectMapper json;
    private final int retrievalSize;

    public DiagnosisPipeline(KnowledgeRetriever retriever, BuiltinDiagnoser builtin, LlmDiagnoser llm, ObjectMapper json, int retrievalSize) {
        this.retriever = retriever;
        this.builtin = builtin;
        this.llm = llm;
        this.json = json;
        this.retrievalSize = retrievalSize;
    }

    /** A diagnosis and what it used: the model's tokens (0 for built-in) and the diagnoser's name. */
    public record Outcome(Diagnosis diagnosis, long tokens) {
    }

    /**
     * Runs the four steps. With {@code mayDefer}, a busy model surfaces as {@link DiagnoserBusyException} (the job is
     * queued again later); without it, the built-in diagnoser answers instead.
     */
    public Outcome diagnose(DiagnoseLogBatchJob job, boolean mayDefer) {
        List<DiagnosisStep> steps = new ArrayList<>();

        long t0 = System.nanoTime();
        List<Evidence.Focus> focus = triage(job.topErrors());
        steps.add(step("triage", Map.of("topErrors", job.topErrors().size(), "signalFindings", job.signalFindings().size()),
                focus.stream().map(f -> Map.of("code", f.stat().code(), "module", String.valueOf(f.stat().module()),
                        "count", f.stat().count(), "share", round(f.share()))).toList(), t0));

        t0 = System.nanoTime();
        List<Evidence.Focus> withHits = new ArrayList<>();
        Map<String, KnowledgeHit> all = new LinkedHashMap<>();
        List<Map<String, Object>> retrieveOut = new ArrayList<>();
        int rejected = 0;
        for (Evidence.Focus f : focus) {
            String query = String.join(" ", f.stat().code(), nullToEmpty(f.stat().module()), nullToEmpty(f.stat().sampleMessage())).strip();
            List<KnowledgeHit> hits = new ArrayList<>();
            for (KnowledgeHit hit : retriever.retrieve(new RetrieveKnowledgeQuery(job.tenantId(), query, job.vehiclePlatform(),
                    job.firmwareVersion(), retrievalSize, RetrievalMode.HYBRID)).hits()) {
                // Defence in depth: the index filters already; an entry that does not apply is never evidence.
                if (applies(hit, job.vehiclePlatform(), job.firmwareVersion())) hits.add(hit);
                else rejected++;
            }
            hits.forEach(h -> all.merge(h.entryId(), h, (a, b) -> a.fusedScore() >= b.fusedScore() ? a : b));
            withHits.add(new Evidence.Focus(f.stat(), f.share(), hits));
            retrieveOut.add(Map.of("code", f.stat().code(), "query", query, "hits", hits.stream().map(h -> Map.of("entryId", h.entryId(),
                    "errorCode", h.content().errorCode(), "fusedScore", round(h.fusedScore()),
                    "textRank", String.valueOf(h.textRank()), "vectorRank", String.valueOf(h.vectorRank()))).toList()));
        }
        List<KnowledgeHit> hits = all.values().stream().sorted(Comparator.comparingDouble(KnowledgeHit::fusedScore).reversed()).toList();
        steps.add(step("retrieve", Map.of("vehiclePlatform", String.valueOf(job.vehiclePlatform()),
                "firmwareVersion", String.valueOf(job.firmwareVersion()), "size", retrievalSize),
                Map.of("perCode", retrieveOut, "distinctEntries", hits.size(), "rejectedByHardFilter", rejected), t0));
        Evidence evidence = new Evidence(job.vehiclePlatform(), job.firmwareVersion(), withHits, job.signalFindings(), hits);

        t0 = System.nanoTime();
        Reasoning reasoning;
        String fallback = null;
        if (llm != null) {
            try {
                reasoning = llm.reason(evidence);
            } catch (DiagnoserBusyException e) {
                if (mayDefer) throw e;
                fallback = "model busy: " + e.getMessage();
                reasoning = builtin.reason(evidence);
            } catch (Exception e) {
                log.warn("LLM diagnoser failed for batch {}, using the built-in one: {}", job.batchId(), e.toString());
                fallback = "model failed: " + e;
                reasoning = builtin.reason(evidence);
            }
        } else {
            reasoning = builtin.reason(evidence);
        }
        Map<String, Object> reasonOut = new LinkedHashMap<>();
        reasonOut.put("diagnoser", reasoning.diagnoser());
        reasonOut.put("candidates", reasoning.candidates());
        reasonOut.put("tokens", reasoning.tokens());
        if (fallback != null) reasonOut.put("fallback", fallback);
        steps.add(step("reason", Map.of("diagnoser", llm == null ? BuiltinDiagnoser.NAME : llm.name(), "entries",
                hits.stream().map(KnowledgeHit::entryId).toList()), reasonOut, t0));

        t0 = System.nanoTime();
        Set<String> retrieved = all.keySet();
        List<String> dropped = new ArrayList<>();
        List<RootCauseCandidate> verified = verify(reasoning.candidates(), retrieved, dropped);
        String verifyFallback = null;
        if (verified.isEmpty() && !BuiltinDiagnoser.NAME.equals(reasoning.diagnoser())) {
            verifyFallback = "no candidate of " + reasoning.diagnoser() + " survived verification; built-in diagnoser used";
            long tokens = reasoning.tokens();
            Reasoning b = builtin.reason(evidence);
            reasoning = new Reasoning(b.diagnoser(), b.candidates(), b.recommendations(), b.confidence(), tokens, null);
            verified = verify(reasoning.candidates(), retrieved, new ArrayList<>());
        }
        Map<String, Object> verifyOut = new LinkedHashMap<>();
        verifyOut.put("kept", verified.size());
        verifyOut.put("droppedCitations", dropped);
        if (verifyFallback != null) verifyOut.put("fallback", verifyFallback);
        steps.add(step("verify", Map.of("candidates", reasoning.candidates().size(), "retrievedIds", List.copyOf(retrieved)), verifyOut, t0));

        Set<String> cited = new LinkedHashSet<>();
        verified.forEach(c -> cited.addAll(c.citedEntryIds()));
        List<Citation> citations = cited.stream().map(all::get).map(h -> new Citation(h.entryId(), h.version(), h.content().errorCode(),
                h.content().title(), h.fusedScore(), h.textRank(), h.vectorRank())).toList();
        double confidence = verified.stream().mapToDouble(RootCauseCandidate::confidence).max().orElse(0);
        return new Outcome(new Diagnosis(reasoning.diagnoser(), verified, reasoning.recommendations(), confidence, citations, steps),
                reasoning.tokens());
    }

    /** Most severe level first, then most frequent; the share is of all errors in the batch. */
    static List<Evidence.Focus> triage(List<ErrorCodeStat> stats) {
        long total = Math.max(1, stats.stream().mapToLong(ErrorCodeStat::count).sum());
        return stats.stream().filter(s -> s.code() != null && !s.code().isBlank())
                .sorted(Comparator.comparingInt((ErrorCodeStat s) -> -severity(s.level())).thenComparing(s -> -s.count())
                        .thenComparing(ErrorCodeStat::code))
                .limit(MAX_FOCUS).map(s -> new Evidence.Focus(s, (double) s.count() / total, List.of())).toList();
    }

    static List<RootCauseCandidate> verify(List<RootCauseCandidate> candidates, Set<String> retrieved, List<String> dropped) {
        List<RootCauseCandidate> kept = new ArrayList<>();
        for (RootCauseCandidate c : candidates) {
            List<String> valid = c.citedEntryIds().stream().filter(retrieved::contains).distinct().toList();
            c.citedEntryIds().stream().filter(id -> !retrieved.contains(id)).forEach(dropped::add);
            // A candidate whose every citation was invented is dropped with them.
            if (!c.citedEntryIds().isEmpty() && valid.isEmpty()) continue;
            if (c.cause() == null || c.cause().isBlank()) continue;
            kept.add(new RootCauseCandidate(c.cause(), Math.max(0, Math.min(1, c.confidence())), c.errorCodes(), valid));
        }
        return kept;
    }

    static boolean applies(KnowledgeHit hit, String platform, String firmware) {
        boolean platformOk = platform == null || platform.isBlank() || hit.content().vehiclePlatforms().contains(platform.strip());
        boolean firmwareOk = firmware == null || firmware.isBlank()
                || FirmwareRange.parse(hit.content().firmwareRange()).valid() && FirmwareRange.parse(hit.content().firmwareRange()).range().contains(firmware);
        return platformOk && firmwareOk;
    }

    private static int severity(String level) {
        if (level == null) return 0;
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "FATAL", "CRITICAL" -> 4;
            case "ERROR", "ERR" -> 3;
            case "WARN", "WARNING" -> 2;
            case "INFO" -> 1;
            default -> 0;
        };
    }

    private DiagnosisStep step(String name, Object input, Object output, long startNanos) {
        return new DiagnosisStep(name, write(input), write(output), (System.nanoTime() - startNanos) / 1_000_000);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
