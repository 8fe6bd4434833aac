package io.fleetloop.workers.diagnosis;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code fleetloop.diagnosis.*}: the optional LLM diagnoser (used when {@code llm.base-url} is set; the built-in
 * diagnoser otherwise and as the fallback) and its bounds. {@code llm.api-key-ref} names the property or environment
 * variable holding the key (the key itself is never in configuration files or events).
 */
@ConfigurationProperties("fleetloop.diagnosis")
public record DiagnosisProperties(Llm llm, Integer retrievalSize) {

    public DiagnosisProperties {
        llm = llm == null ? new Llm(null, null, null, null, null, null, null, null, null) : llm;
        retrievalSize = retrievalSize == null ? 5 : retrievalSize;
    }

    /**
     * @param maxConcurrency calls in flight toward the model at most (per worker process)
     * @param maxWaiting     jobs that may wait for a slot at most; beyond that a job is deferred at once
     * @param maxWait        how long a waiting job waits for a slot before it is deferred
     * @param deferDelay     when a deferred job is queued to run again
     * @param maxDeferrals   deferrals before the job gives up waiting and uses the built-in diagnoser
     */
    public record Llm(String baseUrl, String model, String apiKeyRef, Duration timeout, Integer maxConcurrency, Integer maxWaiting,
                      Duration maxWait, Duration deferDelay, Integer maxDeferrals) {
        public Llm {
            model = model == null || model.isBlank() ? "gpt-4o-mini" : model;
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
            maxConcurrency = maxConcurrency == null ? 4 : Math.max(1, maxConcurrency);
            maxWaiting = maxWaiting == null ? 8 : Math.max(0, maxWaiting);
            maxWait = maxWait == null ? Duration.ofSeconds(5) : maxWait;
            deferDelay = deferDelay == null ? Duration.ofSeconds(15) : deferDelay;
            maxDeferrals = maxDeferrals == null ? 20 : maxDeferrals;
        }

        public boolean configured() {
            return baseUrl != null && !baseUrl.isBlank();
        }
    }
}
