package io.fleetloop.sagas.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrationMessagePartsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anEventThatFitsGoesOutUnchanged() throws Exception {
        ObjectNode envelope = sceneMiningCompleted(10);
        List<String> messages = IntegrationMessageParts.of(json, envelope, List.of("assetIds", "assets"), 900_000);
        assertThat(messages).containsExactly(json.writeValueAsString(envelope));
        assertThat(json.readTree(messages.get(0)).has("partof")).isFalse();
    }

    @Test
    void aLargeEventIsCutInStepIntoPartsThatEachFitAndPutTogetherGiveTheEvent() throws Exception {
        ObjectNode envelope = sceneMiningCompleted(10_000);
        int whole = json.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8).length;
        assertThat(whole).isGreaterThan(1_048_576);

        List<String> messages = IntegrationMessageParts.of(json, envelope, List.of("assetIds", "assets"), 900_000);

        assertThat(messages).hasSizeGreaterThan(1);
        List<String> assetIds = new ArrayList<>();
        List<String> assetsOfParts = new ArrayList<>();
        for (int k = 0; k < messages.size(); k++) {
            assertThat(messages.get(k).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(900_000);
            JsonNode part = json.readTree(messages.get(k));
            assertThat(part.path("id").asText()).isEqualTo("event-1/" + (k + 1));
            assertThat(part.path("partof").asText()).isEqualTo("event-1");
            assertThat(part.path("part").asInt()).isEqualTo(k + 1);
            assertThat(part.path("parts").asInt()).isEqualTo(messages.size());
            assertThat(part.path("type").asText()).isEqualTo("io.fleetloop.SceneMiningCompleted");
            JsonNode data = part.path("data");
            assertThat(data.path("jobId").asText()).isEqualTo("job-1");
            assertThat(data.path("sceneTags")).isEqualTo(envelope.path("data").path("sceneTags"));
            assertThat(data.path("assetIds").size()).isEqualTo(data.path("assets").size());
            for (int i = 0; i < data.path("assetIds").size(); i++) {
                assertThat(data.path("assets").get(i).path("assetId").asText()).isEqualTo(data.path("assetIds").get(i).asText());
                assetIds.add(data.path("assetIds").get(i).asText());
                assetsOfParts.add(data.path("assets").get(i).path("assetId").asText());
            }
        }
        List<String> expected = new ArrayList<>();
        envelope.path("data").path("assetIds").forEach(id -> expected.add(id.asText()));
        assertThat(assetIds).isEqualTo(expected);
        assertThat(assetsOfParts).isEqualTo(expected);
    }

    @Test
    void withoutNamedListsTheLongestListsOfEqualLengthAreCut() throws Exception {
        ObjectNode envelope = sceneMiningCompleted(3_000);
        List<String> messages = IntegrationMessageParts.of(json, envelope, List.of(), 100_000);
        int items = 0;
        for (String message : messages) {
            JsonNode data = json.readTree(message).path("data");
            assertThat(data.path("sceneTags").size()).isEqualTo(3);
            items += data.path("assets").size();
            assertThat(data.path("assetIds").size()).isEqualTo(data.path("assets").size());
        }
        assertThat(items).isEqualTo(3_000);
    }

    @Test
    void anEventThatCannotBeCutSaysWhy() {
        ObjectNode envelope = json.createObjectNode().put("id", "event-2").put("type", "io.fleetloop.Big");
        envelope.putObject("data").put("text", "x".repeat(5_000));
        assertThatThrownBy(() -> IntegrationMessageParts.of(json, envelope, List.of(), 2_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event-2").hasMessageContaining("no per-item list");
    }

    private ObjectNode sceneMiningCompleted(int assets) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("specversion", "1.0").put("id", "event-1").put("type", "io.fleetloop.SceneMiningCompleted").put("subject", "job-1");
        ObjectNode data = envelope.putObject("data");
        data.put("jobId", "job-1").put("tenantId", "tenant-a").put("rulesVersion", 2);
        ArrayNode ids = data.putArray("assetIds");
        ArrayNode mined = data.putArray("assets");
        data.putArray("sceneTags").add("highway").add("night").add("rain");
        data.putArray("longTailTags").add("night+rain");
        for (int i = 0; i < assets; i++) {
            String id = String.format("%08d-aaaa-bbbb-cccc-%012d", i, i);
            ids.add(id);
            ObjectNode asset = mined.addObject().put("assetId", id);
            asset.putArray("sceneTags").add("highway").add("night").add("rain").add("hard-braking").add("stop-and-go");
            asset.putArray("longTailTags").add("night+rain");
            asset.putObject("features").put("meanSpeedKmh", 87.5 + i % 7).put("hardBrakes", i % 3).put("geohash", "wtw3s" + i % 10);
        }
        return envelope;
    }
}
