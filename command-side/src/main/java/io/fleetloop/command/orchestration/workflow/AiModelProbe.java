package io.fleetloop.command.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The availability check of an OpenAI-compatible endpoint: {@code GET {baseUrl}/models} within
 * {@code fleetloop.workflows.ai-model-check-timeout} (default 5 s); available when it answers 2xx with a model list,
 * and whether that list names the model. No API key is sent (the key stays in the credential store).
 */
@Component
class AiModelProbe {

    record Outcome(boolean available, boolean modelListed, Integer httpStatus, String detail, long latencyMillis) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;
    private final HttpClient http;

    AiModelProbe(@Value("${fleetloop.workflows.ai-model-check-timeout:5s}") Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Outcome check(String baseUrl, String model) {
        long started = System.nanoTime();
        String url = baseUrl.endsWith("/") ? baseUrl + "models" : baseUrl + "/models";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (response.statusCode() / 100 != 2) {
                return new Outcome(false, false, response.statusCode(), "answered HTTP " + response.statusCode(), millis);
            }
            JsonNode data = json.readTree(response.body()).path("data");
            if (!data.isArray()) return new Outcome(false, false, response.statusCode(), "no model list (data[]) in the answer", millis);
            boolean listed = false;
            for (JsonNode entry : data) listed |= model.equals(entry.path("id").asText());
            return new Outcome(true, listed, response.statusCode(), listed ? "model listed" : "reachable; model " + model + " not listed", millis);
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(false, false, null, "unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, false, null, "interrupted", (System.nanoTime() - started) / 1_000_000);
        }
    }
}
