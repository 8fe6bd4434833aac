package io.fleetloop.workers.orchestration.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP operator: POSTs {@code {runId, nodeId, attempt, inputs, parameters}} as JSON to {@code spec.url} (extra
 * {@code spec.headers}) within the node's timeout. A 2xx JSON object answer is the outputs (anything else is
 * {@code {"response": ...}}); a non-2xx answer, a timeout or an unreachable URL fail the attempt.
 */
@Component
class HttpOperator implements NodeOperator {

    static final int ERROR_BODY_CHARS = 500;

    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();

    HttpOperator(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.HTTP;
    }

    @Override
    public NodeResult execute(NodeCall call) throws Exception {
        Object url = call.spec().get("url");
        if (url == null) throw new NodeFailure("HTTP operator without spec.url");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", call.queued().runId().value());
        body.put("nodeId", call.queued().nodeId());
        body.put("attempt", call.queued().attempt());
        body.put("inputs", call.inputs());
        body.put("parameters", call.parameters());
        JsonNode answer = post(URI.create(String.valueOf(url)), call, json.writeValueAsString(body));
        Map<String, Object> outputs = answer.isObject() ? json.convertValue(answer, new TypeReference<>() { })
                : answer.isMissingNode() ? Map.of() : Map.of("response", json.convertValue(answer, Object.class));
        return NodeResult.of(outputs);
    }

    JsonNode post(URI url, NodeCall call, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(call.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (call.spec().get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((name, value) -> request.header(String.valueOf(name), String.valueOf(value)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new NodeFailure("HTTP " + url + " timed out after " + call.timeout());
        } catch (java.io.IOException e) {
            throw new NodeFailure("HTTP " + url + " failed: " + e.getMessage());
        }
        String text = response.body() == null ? "" : response.body();
        if (response.statusCode() / 100 != 2) {
            throw new NodeFailure("HTTP " + response.statusCode() + " from " + url + ": "
                    + (text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text));
        }
        if (text.isBlank()) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
