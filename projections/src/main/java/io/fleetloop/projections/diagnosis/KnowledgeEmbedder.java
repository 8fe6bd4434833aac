package io.fleetloop.projections.diagnosis;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings computed in this process with all-MiniLM-L6-v2 (ONNX weights shipped in the jar, no network):
 * 384 dimensions, compared by cosine. Loaded on first use (about a second), then thread-safe.
 */
@Component
public class KnowledgeEmbedder {

    public static final int DIMENSIONS = 384;

    private volatile EmbeddingModel model;

    public List<Float> embed(String text) {
        float[] vector = model().embed(text == null || text.isBlank() ? "-" : text).content().vector();
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) list.add(v);
        return list;
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) model = new AllMiniLmL6V2EmbeddingModel();
                m = model;
            }
        }
        return m;
    }
}
