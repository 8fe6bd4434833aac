package io.fleetloop.platform.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.FirmwareRange;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retrieval quality on the labelled set {@code kb-eval.json} (33 entries, 26 queries, 10 of them where the hard filter
 * must keep out another platform's or firmware's entry — often the best text match): precision@5 of BM25 alone, kNN
 * alone and the hybrid (RRF), through {@code POST /api/v1/knowledge-base/search} on the real Elasticsearch. Precision@5
 * here is hits in the top 5 / min(5, relevant), averaged over the queries that have relevant entries; the plain
 * P@5 (hits / 5) is printed too. Every returned hit must satisfy the filter, and no excluded entry may ever appear.
 */
class KnowledgeRetrievalPrecisionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 0.05;

    private final RunningPlatform platform = RunningPlatform.shared();

    @Test
    void hybridRetrievalIsAtLeastAsPreciseAsEitherListAndNeverCrossesTheHardFilter() throws IOException {
        JsonNode eval;
        try (InputStream in = getClass().getResourceAsStream("kb-eval.json")) {
            eval = JSON.readTree(in);
        }
        assertThat(eval.path("entries").size()).isGreaterThanOrEqualTo(30);
        assertThat(eval.path("queries").size()).isGreaterThanOrEqualTo(20);
        Api api = platform.api("kb-eval-" + UUID.randomUUID().toString().substring(0, 8), Role.ALGORITHM_ENGINEER);

        Map<String, String> idByKey = new LinkedHashMap<>();
        Map<String, JsonNode> entryById = new HashMap<>();
        for (JsonNode entry : eval.path("entries")) {
            Map<String, Object> body = JSON.convertValue(entry, Map.class);
            body.remove("key");
            String id = KnowledgeBaseEndToEndTest.create(api, body);
            idByKey.put(entry.path("key").asText(), id);
            entryById.put(id, entry);
        }
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(KnowledgeBaseEndToEndTest.ENTRIES + "?size=100").json("/total").asLong() == idByKey.size());

        Map<String, double[]> totals = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder();
        int labelled = 0;
        for (JsonNode query : eval.path("queries")) {
            List<String> relevant = keys(query.path("relevant"));
            Set<String> excluded = Set.copyOf(keys(query.path("excluded")));
            String platformName = query.path("vehiclePlatform").asText();
            String firmware = query.path("firmwareVersion").asText();
            if (!relevant.isEmpty()) labelled++;
            table.append(String.format(Locale.ROOT, "%-70s", query.path("query").asText()));
            for (String mode : List.of("TEXT", "VECTOR", "HYBRID")) {
                Map<String, Object> body = new HashMap<>();
                body.put("query", query.path("query").asText());
                body.put("vehiclePlatform", platformName);
                body.put("firmwareVersion", firmware);
                body.put("size", 10);
                body.put("mode", mode);
                Api.Response response = api.post(KnowledgeBaseEndToEndTest.SEARCH, body);
                assertThat(response.status()).as(response.raw()).isEqualTo(200);
                List<String> returnedKeys = new ArrayList<>();
                for (JsonNode hit : response.json("/hits")) {
                    JsonNode entry = entryById.get(hit.path("entryId").asText());
                    assertThat(entry).as("hit from this tenant's set").isNotNull();
                    String key = entry.path("key").asText();
                    returnedKeys.add(key);
                    assertThat(excluded).as(mode + " " + query.path("query").asText()).doesNotContain(key);
                    assertThat(StreamSupport.stream(entry.path("vehiclePlatforms").spliterator(), false).map(JsonNode::asText))
                            .as("platform of " + key).contains(platformName);
                    assertThat(FirmwareRange.parse(entry.path("firmwareRange").asText()).range().contains(firmware))
                            .as("firmware " + firmware + " in range of " + key).isTrue();
                }
                if (relevant.isEmpty()) continue;
                List<String> top5 = returnedKeys.subList(0, Math.min(5, returnedKeys.size()));
                long found = top5.stream().filter(relevant::contains).count();
                double[] t = totals.computeIfAbsent(mode, m -> new double[2]);
                t[0] += (double) found / Math.min(5, relevant.size());
                t[1] += found / 5.0;
                table.append(String.format(Locale.ROOT, " %s=%d/%d", mode.charAt(0), found, Math.min(5, relevant.size())));
            }
            table.append('\n');
        }
        Map<String, Double> precision = new LinkedHashMap<>();
        for (var e : totals.entrySet()) precision.put(e.getKey(), e.getValue()[0] / labelled);
        System.out.println("[kb-eval] per query (T=BM25, V=kNN, H=hybrid; hits in top 5 / min(5, relevant)):\n" + table);
        System.out.printf(Locale.ROOT, "[kb-eval] %d entries, %d queries (%d labelled, %d with hard-filter exclusions)%n",
                idByKey.size(), eval.path("queries").size(), labelled,
                StreamSupport.stream(eval.path("queries").spliterator(), false).filter(q -> q.path("excluded").size() > 0).count());
        for (var e : totals.entrySet()) {
            System.out.printf(Locale.ROOT, "[kb-eval] %-6s precision@5 = %.3f   (plain P@5 = %.3f)%n", e.getKey(),
                    e.getValue()[0] / labelled, e.getValue()[1] / labelled);
        }

        assertThat(precision.get("HYBRID")).isGreaterThanOrEqualTo(precision.get("TEXT") - TOLERANCE);
        assertThat(precision.get("HYBRID")).isGreaterThanOrEqualTo(precision.get("VECTOR") - TOLERANCE);
        assertThat(precision.get("HYBRID")).isGreaterThan(0.8);
    }

    private List<String> keys(JsonNode array) {
        List<String> keys = new ArrayList<>();
        array.forEach(n -> keys.add(n.asText()));
        return keys;
    }
}
