package io.fleetloop.projections.diagnosis;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sentence embeddings computed in this process with all-MiniLM-L6-v2 (ONNX weights shipped in the jar, no network):
 * 384 dimensions, compared by cosine. The model (90 MB) is loaded at start on a thread of its own, so no event
 * handler's unit of work (which Axon interrupts when it runs too long) ever holds the load; a caller waits for it a
 * bounded time and otherwise fails, to be retried by its processor.
 */
@Component
public class KnowledgeEmbedder {

    public static final int DIMENSIONS = 384;
    private static final Logger log = LoggerFactory.getLogger(KnowledgeEmbedder.class);
    private static final long MAX_WAIT_SECONDS = 20;

    private final CompletableFuture<EmbeddingModel> model = new CompletableFuture<>();

    @PostConstruct
    void loadInBackground() {
        Thread loader = new Thread(() -> {
            long started = System.nanoTime();
            try {
                EmbeddingModel m = new AllMiniLmL6V2EmbeddingModel();
                m.embed("warm-up");
                model.complete(m);
                log.info("Embedding model all-MiniLM-L6-v2 loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
            } catch (Throwable e) {
                log.error("Embedding model all-MiniLM-L6-v2 could not be loaded", e);
                model.completeExceptionally(e);
            }
        }, "knowledge-embedder-load");
        loader.setDaemon(true);
        loader.start();
    }

    public List<Float> embed(String text) {
        float[] vector = model().embed(text == null || text.isBlank() ? "-" : text).content().vector();
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) list.add(v);
        return list;
    }

    private EmbeddingModel model() {
        try {
            return model.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedding model", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the embedding model is still loading; try again shortly");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the embedding model could not be loaded: " + e.getCause(), e.getCause());
        }
    }
}
