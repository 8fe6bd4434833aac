package io.fleetloop.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The demo's REST calls to the platform with one bearer token. Any answer outside 2xx stops the demo with the step,
 * the request and the platform's problem details, so a missing endpoint (404) or a refused input reads plainly.
 */
final class PlatformCalls {

    /** A step the platform refused or did not finish in time; its message is what the user sees. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    record Answer(int status, JsonNode body, String raw, Map<String, java.util.List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI server;
    private final String token;

    PlatformCalls(HttpClient http, URI server, String token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    URI server() {
        return server;
    }

    JsonNode get(String step, String path) {
        return ok(step, "GET", path, send("GET", path, null, Map.of())).body();
    }

    Answer getAnswer(String step, String path) {
        return ok(step, "GET", path, send("GET", path, null, Map.of()));
    }

    JsonNode post(String step, String path, Object body) {
        return ok(step, "POST", path, send("POST", path, body, Map.of())).body();
    }

    JsonNode put(String step, String path, Object body) {
        return ok(step, "PUT", path, send("PUT", path, body, Map.of())).body();
    }

    /** Any answer, for calls whose error is a possible outcome (e.g. starting a task that already runs). */
    Answer send(String method, String path, Object body, Map<String, String> headers) {
        try {
            String json = body == null ? null : body instanceof String text ? text : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (token != null) request.header("Authorization", "Bearer " + token);
            if (json != null) request.header("Content-Type", "application/json");
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String raw = response.body();
            JsonNode parsed;
            try {
                parsed = raw == null || raw.isBlank() ? MissingNode.getInstance() : JSON.readTree(raw);
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            return new Answer(response.statusCode(), parsed, raw, response.headers().map());
        } catch (IOException e) {
            throw new StepFailed("cannot reach the platform at " + server + " (" + e.getMessage() + "): is it running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
    }

    static Answer ok(String step, String method, String path, Answer answer) {
        if (answer.status() / 100 == 2) return answer;
        String detail = answer.body().path("detail").asText(answer.raw() == null ? "" : answer.raw());
        String hint = answer.status() == 404 && answer.body().path("detail").isMissingNode()
                ? " — this platform has no such endpoint yet (not built into this version)" : "";
        if (answer.status() == 401) hint = " — the token was refused: get a fresh one with ./fleetloop.sh token";
        if (answer.status() == 403) {
            hint = detail.contains("no permission is defined") ? " — this platform has no such endpoint yet (not built into this version)"
                    : " — the token lacks the role for this call";
        }
        throw new StepFailed(step + ": " + method + " " + path + " answered " + answer.status() + " " + detail + hint);
    }

    /** Polls {@code path} until {@code done} holds, at most {@code limit}; then fails naming what it waited for. */
    JsonNode await(String step, String path, Duration limit, String waitingFor, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode last = MissingNode.getInstance();
        while (System.nanoTime() < deadline) {
            Answer answer = send("GET", path, null, Map.of());
            if (answer.status() / 100 == 2) {
                last = answer.body();
                if (done.test(last)) return last;
            } else if (answer.status() != 404 && answer.status() != 503) {
                ok(step, "GET", path, answer);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new StepFailed(step + ": waited " + limit.toSeconds() + " s for " + waitingFor + "; last answer of GET " + path + ": "
                + abbreviate(last.toString()));
    }

    static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
    }
}
