package io.fleetloop.query.diagnosis;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.diagnosis.FirmwareRange;
import io.fleetloop.api.diagnosis.KnowledgeHit;
import io.fleetloop.api.diagnosis.KnowledgeHits;
import io.fleetloop.api.diagnosis.RetrievalMode;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;
import io.fleetloop.projections.diagnosis.KnowledgeIndex;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hybrid retrieval: a BM25 list and a kNN list, both under the same hard filter inside Elasticsearch, fused here by
 * reciprocal rank fusion {@code score(d) = Σ 1/(k + rank_i(d))} with k = 60 (computed in Java: Elasticsearch's own RRF
 * retriever needs a paid licence). Each hit says its rank in each list and its fused score.
 */
@Component
public class HybridRetrieval {

    public static final int RRF_K = 60;
    /** How deep each list is read before fusion. */
    static final int WINDOW = 50;

    private final KnowledgeIndex index;

    HybridRetrieval(KnowledgeIndex index) {
        this.index = index;
    }

    public KnowledgeHits retrieve(RetrieveKnowledgeQuery query) throws IOException {
        if (query.query() == null || query.query().isBlank()) throw FleetloopException.invalid("query", "required");
        if (query.query().length() > 4000) throw FleetloopException.invalid("query", "at most 4000 characters");
        if (query.size() < 1 || query.size() > RetrieveKnowledgeQuery.MAX_SIZE) {
            throw FleetloopException.invalid("size", "1 to " + RetrieveKnowledgeQuery.MAX_SIZE);
        }
        Long firmwareKey = null;
        if (query.firmwareVersion() != null && !query.firmwareVersion().isBlank()) {
            firmwareKey = FirmwareRange.key(query.firmwareVersion())
                    .orElseThrow(() -> FleetloopException.invalid("firmwareVersion", "a version like 2.1.0"));
        }
        String platform = query.vehiclePlatform() == null || query.vehiclePlatform().isBlank() ? null : query.vehiclePlatform().strip();
        KnowledgeIndex.Filter filter = new KnowledgeIndex.Filter(query.tenantId(), platform, firmwareKey);
        int window = Math.max(WINDOW, query.size());
        List<KnowledgeIndex.Ranked> text = query.mode() == RetrievalMode.VECTOR ? List.of() : index.textSearch(query.query(), filter, window);
        List<KnowledgeIndex.Ranked> vector = query.mode() == RetrievalMode.TEXT ? List.of()
                : index.vectorSearch(index.embed(query.query()), filter, window);
        return new KnowledgeHits(fuse(text, vector, query.size()), query.mode(), RRF_K, filter.describe());
    }

    static List<KnowledgeHit> fuse(List<KnowledgeIndex.Ranked> text, List<KnowledgeIndex.Ranked> vector, int size) {
        Map<String, KnowledgeIndex.Ranked> docs = new LinkedHashMap<>();
        Map<String, Integer> textRank = new HashMap<>();
        Map<String, Double> textScore = new HashMap<>();
        Map<String, Integer> vectorRank = new HashMap<>();
        Map<String, Double> vectorScore = new HashMap<>();
        for (int i = 0; i < text.size(); i++) {
            docs.putIfAbsent(text.get(i).entryId(), text.get(i));
            textRank.put(text.get(i).entryId(), i + 1);
            textScore.put(text.get(i).entryId(), text.get(i).score());
        }
        for (int i = 0; i < vector.size(); i++) {
            docs.putIfAbsent(vector.get(i).entryId(), vector.get(i));
            vectorRank.put(vector.get(i).entryId(), i + 1);
            vectorScore.put(vector.get(i).entryId(), vector.get(i).score());
        }
        List<KnowledgeHit> hits = new ArrayList<>();
        for (KnowledgeIndex.Ranked doc : docs.values()) {
            String id = doc.entryId();
            Integer tr = textRank.get(id);
            Integer vr = vectorRank.get(id);
            double fused = (tr == null ? 0 : 1.0 / (RRF_K + tr)) + (vr == null ? 0 : 1.0 / (RRF_K + vr));
            String explanation = String.format(Locale.ROOT, "rrf(k=%d) = %s + %s = %.6f", RRF_K,
                    tr == null ? "0 (not in BM25 list)" : String.format(Locale.ROOT, "1/(%d+%d)", RRF_K, tr),
                    vr == null ? "0 (not in kNN list)" : String.format(Locale.ROOT, "1/(%d+%d)", RRF_K, vr), fused);
            hits.add(new KnowledgeHit(id, doc.entry().version(), doc.entry().content(), tr, textScore.get(id), vr,
                    vectorScore.get(id), fused, explanation));
        }
        hits.sort(Comparator.comparingDouble(KnowledgeHit::fusedScore).reversed()
                .thenComparing(h -> h.textRank() == null ? Integer.MAX_VALUE : h.textRank())
                .thenComparing(KnowledgeHit::entryId));
        return hits.size() > size ? List.copyOf(hits.subList(0, size)) : hits;
    }
}
