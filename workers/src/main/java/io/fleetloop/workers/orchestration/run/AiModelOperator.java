package io.fleetloop.workers.orchestration.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AI model operator: one OpenAI-compatible chat completion at {@code spec.endpoint} ({@code /chat/completions} is
 * added unless present) with {@code spec.model}. The prompt is parameter {@code prompt} with {@code ${name}} replaced by
 * inputs/parameters (default: the inputs as JSON); {@code system} is an optional system message. Outputs: {@code content},
 * {@code model}, and the token counts the endpoint reports.
 */
@Component
class AiModelOperator implements NodeOperator {

    private final ObjectMapper json;
    private final HttpOperator http;

    AiModelOperator(ObjectMapper json, HttpOperator http) {
        this.json = json;
        this.http = http;
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.AI_MODEL;
    }

    @Override
    public NodeResult execute(NodeCall call) throws Exception {
        Object endpoint = call.spec().get("endpoint");
        Object model = call.spec().get("model");
        if (endpoint == null || model == null) throw new NodeFailure("AI model operator needs spec.endpoint and spec.model");
        String url = String.valueOf(endpoint).replaceAll("/+$", "");
        if (!url.endsWith("/chat/completions")) url += "/chat/completions";
        Map<String, Object> values = call.inputsAndParameters();
        Object promptTemplate = call.parameters().get("prompt");
        String prompt = promptTemplate == null ? json.writeValueAsString(call.inputs()) : Templates.fill(String.valueOf(promptTemplate), values);
        List<Map<String, Object>> messages = new java.util.ArrayList<>();
        if (call.parameters().get("system") != null) messages.add(Map.of("role", "system", "content", String.valueOf(call.parameters().get("system"))));
        messages.add(Map.of("role", "user", "content", prompt));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", String.valueOf(model));
        body.put("messages", messages);
        JsonNode answer = http.post(URI.create(url), call, json.writeValueAsString(body));
        JsonNode content = answer.at("/choices/0/message/content");
        if (content.isMissingNode()) throw new NodeFailure("AI model at " + url + " answered without choices[0].message.content");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("content", content.asText());
        outputs.put("model", answer.path("model").asText(String.valueOf(model)));
        if (answer.has("usage")) {
            outputs.put("promptTokens", answer.at("/usage/prompt_tokens").asLong());
            outputs.put("completionTokens", answer.at("/usage/completion_tokens").asLong());
        }
        return NodeResult.of(outputs);
    }
}
