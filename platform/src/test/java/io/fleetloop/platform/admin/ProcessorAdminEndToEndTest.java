package io.fleetloop.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.TestServers;
import io.fleetloop.query.admin.ProcessorPositions;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processor and dead-letter admin API on a platform of its own that also runs a test-only projection
 * ({@link PoisonTestProjection}, dead-lettered through {@code fleetloop.dead-letters.extra-groups}): a poison event parks
 * its aggregate's sequence while other aggregates are projected; retry after the fix empties the queue; evict drops a
 * sequence; a reset replays to the same read model with no lag left; only a platform admin may do any of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorAdminEndToEndTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "ops-" + run;
    private RunningPlatform platform;
    private Api admin;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new LinkedHashMap<>(TestServers.platformProperties("dlq"));
        properties.put("spring.main.sources", PoisonTestProjection.class.getName());
        properties.put("fleetloop.dead-letters.extra-groups", PoisonTestProjection.GROUP);
        platform = RunningPlatform.start(properties);
        admin = platform.api(tenant, Role.PLATFORM_ADMIN);
    }

    @AfterAll
    void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void aPoisonEventParksItsSequenceWhileOthersContinueAndIsRetriedOrEvicted() {
        String bad = "bad-" + run;
        String good = "good-" + run;
        String other = "other-" + run;
        PoisonTestProjection.POISONED.add(bad);
        publish(bad, 0);
        publish(good, 0);
        publish(bad, 1); // behind the parked event of its sequence: parked too
        publish(good, 1);
        publish(other, 0);

        await().atMost(Duration.ofSeconds(30)).until(() -> PoisonTestProjection.HANDLED.containsKey(other)
                && PoisonTestProjection.HANDLED.get(good).size() == 2);
        assertThat(PoisonTestProjection.HANDLED.get(good)).containsExactly(0, 1);
        JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(() -> poisonLetters(admin), list -> list.size() == 1).get(0);
        assertThat(parked.path("processor").asText()).isEqualTo(PoisonTestProjection.GROUP);
        assertThat(parked.path("sequenceId").asText()).isEqualTo(bad);
        assertThat(parked.path("count").asInt()).isEqualTo(2);
        JsonNode first = parked.path("letters").get(0);
        assertThat(first.path("eventType").asText()).isEqualTo(PoisonTestEvent.class.getName());
        assertThat(first.path("aggregateId").asText()).isEqualTo(bad);
        assertThat(first.path("tenantId").asText()).isEqualTo(tenant);
        assertThat(first.path("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.path("errorMessage").asText()).isEqualTo("poisoned aggregate " + bad);
        assertThat(first.path("enqueuedAt").asText()).isNotEmpty();
        assertThat(PoisonTestProjection.HANDLED).doesNotContainKey(bad);
        assertThat(PoisonTestProjection.CALLS.get(bad).get()).as("the first event tried 1 + 2 retries; the second parked untried").isEqualTo(3);
        assertThat(admin.get("/v1/admin/dead-letters?processor=" + PoisonTestProjection.GROUP).json("/total").asInt()).isEqualTo(1);
        // another tenant's admin sees none of this tenant's dead letters and cannot act on them
        Api stranger = platform.as("mallory", List.of("ops-other-" + run), Role.PLATFORM_ADMIN);
        assertThat(poisonLetters(stranger)).isEmpty();
        assertThat(stranger.send("DELETE", "/v1/admin/dead-letters/" + PoisonTestProjection.GROUP + "/" + bad, null).status()).isEqualTo(404);
        assertThat(stranger.post("/v1/admin/dead-letters/" + PoisonTestProjection.GROUP + "/retry", Map.of("sequenceId", bad)).status()).isEqualTo(404);

        // still broken: the retry fails and the sequence stays parked
        Api.Response failed = admin.post("/v1/admin/dead-letters/" + PoisonTestProjection.GROUP + "/retry", Map.of("sequenceId", bad));
        assertThat(failed.status()).as(failed.raw()).isEqualTo(200);
        assertThat(failed.json("/failed").toString()).contains(bad);
        assertThat(poisonLetters(admin)).hasSize(1);

        // fixed: the retry handles the sequence in order and the queue is empty
        PoisonTestProjection.POISONED.remove(bad);
        Api.Response retried = admin.post("/v1/admin/dead-letters/" + PoisonTestProjection.GROUP + "/retry", null);
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        assertThat(retried.json("/succeeded").toString()).contains(bad);
        assertThat(PoisonTestProjection.HANDLED.get(bad)).containsExactly(0, 1);
        assertThat(poisonLetters(admin)).isEmpty();

        // evict: a parked sequence dropped without handling
        String evicted = "evicted-" + run;
        PoisonTestProjection.POISONED.add(evicted);
        publish(evicted, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> poisonLetters(admin), list -> list.size() == 1);
        assertThat(admin.send("DELETE", "/v1/admin/dead-letters/" + PoisonTestProjection.GROUP + "/" + evicted, null).status()).isEqualTo(204);
        assertThat(poisonLetters(admin)).isEmpty();
        assertThat(PoisonTestProjection.HANDLED).doesNotContainKey(evicted);
        assertThat(admin.send("DELETE", "/v1/admin/dead-letters/" + PoisonTestProjection.GROUP + "/" + evicted, null).status()).isEqualTo(404);
        assertThat(admin.get("/v1/admin/dead-letters?processor=no-such-processor").status()).isEqualTo(404);
        assertThat(admin.get("/v1/admin/dead-letters?processor=kafka-publisher").status()).as("processes have no dead letters").isEqualTo(404);
        // the evicted aggregate stays poisoned: a later replay parks it again instead of projecting it
    }

    @Test
    void aProjectionResetToTheBeginningReplaysToTheSameReadModelWithNoLagLeft() {
        for (int i = 0; i < 5; i++) publish("replayed-" + run, i);
        ProcessorPositions positions = platform.bean(ProcessorPositions.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> positions.caughtUp(List.of(PoisonTestProjection.GROUP, "audit-trail")));
        Map<String, List<Integer>> before = new TreeMap<>(PoisonTestProjection.HANDLED);
        assertThat(before.get("replayed-" + run)).containsExactly(0, 1, 2, 3, 4);

        JsonNode listed = admin.get("/v1/admin/processors").json("/items");
        JsonNode poison = byName(listed, PoisonTestProjection.GROUP);
        assertThat(poison.path("type").asText()).isIn("tracking", "pooled");
        assertThat(poison.path("running").asBoolean()).isTrue();
        assertThat(poison.path("error").asBoolean()).isFalse();
        assertThat(poison.path("projection").asBoolean()).isTrue();
        JsonNode segment = poison.path("segments").get(0);
        assertThat(segment.path("here").asBoolean()).isTrue();
        assertThat(segment.path("owner").asText()).isNotEmpty();
        assertThat(segment.path("lag").asLong()).isZero();
        assertThat(segment.path("position").asLong()).isEqualTo(poison.path("head").asLong());
        assertThat(byName(listed, "command-lookups").path("type").asText()).isEqualTo("subscribing");
        assertThat(byName(listed, "kafka-publisher").path("projection").asBoolean()).isFalse();

        Api.Response reset = admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/reset", Map.of("from", "beginning"));
        assertThat(reset.status()).as(reset.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> positions.caughtUp(List.of(PoisonTestProjection.GROUP)));
        JsonNode after = byName(admin.get("/v1/admin/processors").json("/items"), PoisonTestProjection.GROUP);
        assertThat(after.path("segments").get(0).path("lag").asLong()).isZero();
        assertThat(positions.of(PoisonTestProjection.GROUP).lag()).isZero();
        assertThat(new TreeMap<>(PoisonTestProjection.HANDLED)).isEqualTo(before);

        // a reset to an instant after every event: the read model is cleared and nothing is replayed
        Api.Response later = admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/reset", Map.of("from", "2999-01-01T00:00:00Z"));
        assertThat(later.status()).as(later.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> positions.caughtUp(List.of(PoisonTestProjection.GROUP)));
        assertThat(PoisonTestProjection.HANDLED).isEmpty();
        assertThat(admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/reset", Map.of("from", "beginning")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> new TreeMap<>(PoisonTestProjection.HANDLED).equals(before));

        // refused: processes, publishers, subscribing processors, bad input, unknown processors
        assertRefused(admin.post("/v1/admin/processors/kafka-publisher/reset", Map.of("from", "beginning")), 400, "not a projection");
        assertRefused(admin.post("/v1/admin/processors/ota-rollout/reset", Map.of("from", "beginning")), 400, "not a projection");
        assertRefused(admin.post("/v1/admin/processors/command-lookups/reset", Map.of("from", "beginning")), 400, "subscribing");
        assertRefused(admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/reset", Map.of("from", "yesterday")), 400, "ISO-8601");
        assertRefused(admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/reset", Map.of()), 400, "from is required");
        assertRefused(admin.post("/v1/admin/processors/no-such/reset", Map.of("from", "beginning")), 404, "no event processor");
        assertRefused(admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/segments/x/split", null), 400, "number");
        assertRefused(admin.post("/v1/admin/processors/" + PoisonTestProjection.GROUP + "/segments/7/split", null), 404, "not claimed");
    }

    @Test
    void splittingAndMergingASegmentGoesThroughAxon() {
        String path = "/v1/admin/processors/" + PoisonTestProjection.GROUP;
        Api.Response split = admin.post(path + "/segments/0/split", null);
        assertThat(split.status()).as(split.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(path).json("/segments").size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response merged = admin.post(path + "/segments/0/merge", null);
            return merged.status() == 200;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(path).json("/segments").size() == 1);
        assertThat(admin.get(path).json("/segments/0/segmentId").asInt()).isZero();
    }

    @Test
    void onlyAPlatformAdminMayReadOrOperateProcessors() {
        List<String> routes = List.of("GET /v1/admin/processors", "GET /v1/admin/processors/audit-trail", "GET /v1/admin/dead-letters",
                "POST /v1/admin/processors/audit-trail/reset", "POST /v1/admin/processors/audit-trail/segments/0/split",
                "POST /v1/admin/processors/audit-trail/segments/0/merge", "POST /v1/admin/dead-letters/audit-trail/retry",
                "DELETE /v1/admin/dead-letters/audit-trail/x");
        List<String> wrong = new ArrayList<>();
        for (Role role : Role.values()) {
            if (role == Role.PLATFORM_ADMIN) continue;
            Api api = platform.api(tenant, role);
            for (String route : routes) {
                String[] parts = route.split(" ");
                int status = api.send(parts[0], parts[1], parts[0].equals("GET") ? null : Map.of("from", "beginning")).status();
                if (status != 403) wrong.add(role + " " + route + " → " + status);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(platform.anonymous().get("/v1/admin/processors").status()).isEqualTo(401);
        assertThat(admin.get("/v1/admin/processors").status()).isEqualTo(200);
    }

    private static void assertRefused(Api.Response response, int status, String reason) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.json("/detail").asText()).contains(reason);
    }

    private static JsonNode byName(JsonNode items, String name) {
        for (JsonNode item : items) if (item.path("name").asText().equals(name)) return item;
        throw new AssertionError("no processor " + name + " in " + items);
    }

    private List<JsonNode> poisonLetters(Api api) {
        List<JsonNode> letters = new ArrayList<>();
        Api.Response response = api.get("/v1/admin/dead-letters");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        for (JsonNode sequence : response.json("/items")) {
            if (sequence.path("processor").asText().equals(PoisonTestProjection.GROUP)) letters.add(sequence);
        }
        return letters;
    }

    private final Map<String, Integer> sequences = new java.util.concurrent.ConcurrentHashMap<>();

    /** A domain event of the test-only aggregate type, stored in the platform's event store with the tenant's metadata. */
    private void publish(String aggregateId, int step) {
        int sequence = sequences.merge(aggregateId, 1, Integer::sum) - 1;
        platform.bean(EventStore.class).publish(new GenericDomainEventMessage<>("PoisonTest", aggregateId, sequence,
                new PoisonTestEvent(aggregateId, step), MetaData.with("tenantId", tenant)));
    }
}
