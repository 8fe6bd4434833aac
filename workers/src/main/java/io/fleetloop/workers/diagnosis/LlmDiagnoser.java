package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.fleetloop.api.diagnosis.KnowledgeHit;
import io.fleetloop.api.diagnosis.RootCauseCandidate;

import java.util.ArrayList;
import java.util.List;

/**
 * A diagnoser backed by an OpenAI-compatible chat-completions API (langchain4j-open-ai). The retrieved entries go into
 * the prompt with their ids and the model must cite those ids; its answer is JSON, verified afterwards by the pipeline
 * (unknown ids dropped). Calls pass a {@link ConcurrencyGate} and time out; the model is asked once (no retries: a
 * failed or slow call falls back to the built-in diagnoser).
 */
public class LlmDiagnoser implements Diagnoser {

    private static final String SYSTEM = """
            You diagnose vehicle test-drive logs. You get the vehicle platform and firmware, the top error codes with counts,
            signal findings, and knowledge-base entries (each with an id). Answer ONLY with JSON:
            {"candidates":[{"cause":"...","confidence":0.0-1.0,"errorCodes":["..."],"citedEntryIds":["<id from the entries>"]}],
             "recommendations":["..."],"confidence":0.0-1.0}
            Cite only entry ids given to you. Do not invent fixes that no entry supports.""";

    private final ChatModel model;
    private final String modelName;
    private final ConcurrencyGate gate;
    private final ObjectMapper json;

    public LlmDiagnoser(DiagnosisProperties.Llm properties, String apiKey, ObjectMapper json) {
        this.model = OpenAiChatModel.builder().baseUrl(properties.baseUrl()).apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey)
                .modelName(properties.model()).timeout(properties.timeout()).maxRetries(0).temperature(0.0).build();
        this.modelName = properties.model();
        this.gate = new ConcurrencyGate(properties.maxConcurrency(), properties.maxWaiting(), properties.maxWait());
        this.json = json;
    }

    public String name() {
        return "llm:" + modelName;
    }

    @Override
    public Reasoning reason(Evidence evidence) throws Exception {
        String prompt = prompt(evidence);
        ChatResponse response = gate.call(() -> model.chat(SystemMessage.from(SYSTEM), UserMessage.from(prompt)));
        String text = response.aiMessage().text();
        long tokens = response.tokenUsage() == null || response.tokenUsage().totalTokenCount() == null ? 0
                : response.tokenUsage().totalTokenCount();
        JsonNode answer = json.readTree(stripFences(text));
        List<RootCauseCandidate> candidates = new ArrayList<>();
        for (JsonNode c : answer.path("candidates")) {
            candidates.add(new RootCauseCandidate(c.path("cause").asText(), c.path("confidence").asDouble(0),
                    strings(c.path("errorCodes")), strings(c.path("citedEntryIds"))));
        }
        return new Reasoning(name(), candidates, strings(answer.path("recommendations")), answer.path("confidence").asDouble(0), tokens, text);
    }

    String prompt(Evidence evidence) throws Exception {
        var root = json.createObjectNode();
        root.put("vehiclePlatform", evidence.vehiclePlatform());
        root.put("firmwareVersion", evidence.firmwareVersion());
        var errors = root.putArray("topErrors");
        for (Evidence.Focus f : evidence.focus()) {
            errors.addObject().put("code", f.stat().code()).put("module", f.stat().module()).put("level", f.stat().level())
                    .put("count", f.stat().count()).put("sample", f.stat().sampleMessage());
        }
        var findings = root.putArray("signalFindings");
        evidence.signalFindings().forEach(findings::add);
        var entries = root.putArray("knowledgeEntries");
        for (KnowledgeHit hit : evidence.hits()) {
            entries.addObject().put("id", hit.entryId()).put("errorCode", hit.content().errorCode()).put("title", hit.content().title())
                    .put("symptoms", hit.content().symptoms()).put("causes", hit.content().causes()).put("fixes", hit.content().fixes());
        }
        return json.writeValueAsString(root);
    }

    private static String stripFences(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "");
            int end = t.lastIndexOf("```");
            if (end >= 0) t = t.substring(0, end);
        }
        return t;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        if (array.isArray()) array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
