package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.ingestion.RecordObjectIngestedCommand;
import io.fleetloop.api.ingestion.RecordObjectSkippedCommand;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Objects of an S3 source vanish while an ingestion runs, as lifecycle rules and other writers make them: an object
 * deleted after the listing is skipped (the real S3 server answers {@code NoSuchKey}) and the rest is ingested, while
 * a bucket deleted after the listing still fails the task. A skipped object that is back when the failed task is started
 * again is ingested by the new attempt and is skipped no more. {@code ingestion.completed} on Kafka counts the skips.
 * <p>
 * The deletion is timed by the run itself: a dispatch interceptor on the platform's command bus deletes from the
 * source bucket when the job records the first object. By then the job has fetched its listing (one page holds
 * every key here) and has not read the later objects yet, as it reads them one after another in key order.
 */
class IngestionVanishedObjectEndToEndTest {

    private static final String FIRST = "drive/000001.bin";
    private static final String VANISHING = "drive/000003.bin";
    private static final List<String> KEYS = List.of(FIRST, "drive/000002.bin", VANISHING, "drive/000004.bin");

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "vanish-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    @Test
    void anObjectDeletedAfterTheListingIsSkippedWithItsReasonAndTheRestIsIngested() {
        SourceBucket source = new SourceBucket("sk-" + tenant);
        Set<String> landedShas = new HashSet<>();
        for (int i = 0; i < KEYS.size(); i++) {
            String sha = source.put(KEYS.get(i), SourceBucket.randomBytes(20_000 + i, i));
            if (!KEYS.get(i).equals(VANISHING)) landedShas.add(sha);
        }
        Ingestions.storeCredentials(api, "keys");
        String sourceId = Ingestions.createSource(api, "vanishing", source.name(), "drive/", "keys");
        String taskId = Ingestions.createTask(api, sourceId, "*.bin", "landing/vanishing", "LIDAR");

        JsonNode task;
        try (KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.completed"))) {
            try (Registration ignored = whenFirstObjectIsRecorded(taskId, () -> source.delete(VANISHING))) {
                Ingestions.start(api, taskId);
                task = Ingestions.awaitEnd(api, taskId);
            }

            // Kafka consumers learn of the skip from the completion: it counts the landed objects and the skipped ones apart.
            JsonNode completed = awaitCompletion(kafka, taskId);
            assertThat(completed.path("objectCount").asInt()).isEqualTo(3);
            assertThat(completed.path("skippedCount").asInt()).isEqualTo(1);
        }

        // The task completed with the other objects; the vanished one is listed with its reason.
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("objectCount").asInt()).isEqualTo(3);
        assertThat(task.path("assetIds")).hasSize(3);
        assertThat(task.path("skippedCount").asInt()).isEqualTo(1);
        assertThat(task.path("skippedObjects")).hasSize(1);
        assertThat(task.at("/skippedObjects/0/sourceKey").asText()).isEqualTo(VANISHING);
        assertThat(task.at("/skippedObjects/0/reason").asText()).contains("NoSuchKey");
        assertThat(task.at("/skippedObjects/0/skippedAt").isTextual()).isTrue();

        // The other objects are assets of the catalog; the vanished one left nothing in the landing zone.
        JsonNode assets = Ingestions.awaitAssets(api, "/v1/assets?sourceId=" + sourceId, 3, Duration.ofSeconds(60));
        Set<String> shas = new HashSet<>();
        assets.path("items").forEach(a -> shas.add(a.path("sha256").asText()));
        assertThat(shas).isEqualTo(landedShas);
        assertThat(SourceBucket.storedSha256(SourceBucket.platformClient(),
                "s3://fleetloop-main/tenants/" + tenant + "/landing/vanishing/000003.bin")).isNull();

        // GraphQL shows the same.
        var graph = api.graphql("""
                query($id: ID!) { ingestionTask(id: $id) { status objectCount skippedCount skippedObjects { sourceKey reason skippedAt } } }""",
                Map.of("id", taskId));
        assertThat(graph.json("/errors").isMissingNode()).as(graph.raw()).isTrue();
        assertThat(graph.json("/data/ingestionTask/skippedCount").asInt()).isEqualTo(1);
        assertThat(graph.json("/data/ingestionTask/skippedObjects/0/sourceKey").asText()).isEqualTo(VANISHING);
        assertThat(graph.json("/data/ingestionTask/skippedObjects/0/reason").asText()).contains("NoSuchKey");

        // The event store holds one skip, between the recordings of its neighbours.
        List<String> types = new ArrayList<>();
        api.get("/v1/audit/aggregates/" + taskId + "/events").json("/events").forEach(e -> types.add(e.path("eventType").asText()));
        assertThat(types).containsExactly("IngestionTaskCreatedEvent", "DataIngestionStartedEvent", "ObjectIngestedEvent",
                "ObjectIngestedEvent", "ObjectSkippedEvent", "ObjectIngestedEvent", "DataIngestionCompletedEvent");
    }

    @Test
    void aBucketDeletedAfterTheListingStillFailsTheTask() {
        SourceBucket source = new SourceBucket("sg-" + tenant);
        String taskId = taskOver(source, 1_000, "bucket gone", "landing/gone");

        JsonNode task;
        try (Registration ignored = whenFirstObjectIsRecorded(taskId, () -> {
            KEYS.forEach(source::delete);
            source.removeBucket();
        })) {
            Ingestions.start(api, taskId);
            task = Ingestions.awaitEnd(api, taskId);
        }

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.path("errorMessage").asText()).contains("NoSuchBucket");
        assertThat(task.path("objectCount").asInt()).isEqualTo(1);
        assertThat(task.path("skippedCount").asInt()).isZero();
        assertThat(task.path("skippedObjects").isArray()).isTrue();
        assertThat(task.path("skippedObjects")).isEmpty();
    }

    @Test
    void aSkippedObjectThatIsBackWhenTheFailedTaskIsStartedAgainIsIngestedAndSkippedNoMore() {
        SourceBucket source = new SourceBucket("sr-" + tenant);
        String taskId = taskOver(source, 3_000, "vanishing and back", "landing/back");

        try (KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.completed"))) {
            // First attempt: the object vanishes and is skipped, then the whole bucket goes and the task fails.
            JsonNode failed;
            try (Registration vanish = whenFirstObjectIsRecorded(taskId, () -> source.delete(VANISHING));
                 Registration bucketGone = whenSkipIsRecorded(taskId, VANISHING, () -> {
                     KEYS.forEach(source::delete);
                     source.removeBucket();
                 })) {
                Ingestions.start(api, taskId);
                failed = Ingestions.awaitEnd(api, taskId);
            }
            assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.path("objectCount").asInt()).isEqualTo(2);
            assertThat(failed.path("skippedCount").asInt()).isEqualTo(1);
            assertThat(failed.at("/skippedObjects/0/sourceKey").asText()).isEqualTo(VANISHING);

            // Second attempt: every object is back, the skipped one included.
            SourceBucket restored = new SourceBucket(source.name());
            for (int i = 0; i < KEYS.size(); i++) restored.put(KEYS.get(i), SourceBucket.randomBytes(3_000 + i, i));
            Ingestions.start(api, taskId);
            JsonNode[] task = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                task[0] = api.get("/v1/ingestion-tasks/" + taskId).body();
                return task[0].path("attempt").asInt() == 2 && !"RUNNING".equals(task[0].path("status").asText());
            });

            assertThat(task[0].path("status").asText()).as(task[0].toString()).isEqualTo("COMPLETED");
            assertThat(task[0].path("objectCount").asInt()).isEqualTo(4);
            assertThat(task[0].path("skippedCount").asInt()).isZero();
            assertThat(task[0].path("skippedObjects")).isEmpty();
            var graph = api.graphql("query($id: ID!) { ingestionTask(id: $id) { skippedCount skippedObjects { sourceKey } } }",
                    Map.of("id", taskId));
            assertThat(graph.json("/errors").isMissingNode()).as(graph.raw()).isTrue();
            assertThat(graph.json("/data/ingestionTask/skippedCount").asInt()).isZero();
            assertThat(graph.json("/data/ingestionTask/skippedObjects")).isEmpty();

            JsonNode completed = awaitCompletion(kafka, taskId);
            assertThat(completed.path("objectCount").asInt()).isEqualTo(4);
            assertThat(completed.path("skippedCount").asInt()).isZero();
        }
    }

    /** The data of the task's {@code ingestion.completed} CloudEvent, once it is on Kafka. */
    /** Puts {@link #KEYS} in the bucket ({@code size}+ bytes each) and returns a task over them, not started. */
    private String taskOver(SourceBucket source, int size, String sourceName, String targetPath) {
        for (int i = 0; i < KEYS.size(); i++) source.put(KEYS.get(i), SourceBucket.randomBytes(size + i, i));
        Ingestions.storeCredentials(api, "keys");
        String sourceId = Ingestions.createSource(api, sourceName, source.name(), "drive/", "keys");
        return Ingestions.createTask(api, sourceId, "*.bin", targetPath, "LIDAR");
    }

    private static JsonNode awaitCompletion(KafkaTap kafka, String taskId) {
        JsonNode[] data = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            kafka.on("ingestion.completed").stream().filter(r -> r.key().equals(taskId)).findFirst()
                    .ifPresent(r -> data[0] = r.cloudEvent().path("data"));
            return data[0] != null;
        });
        return data[0];
    }

    /** Runs {@code action} once, in the job's thread, just before it records the first object of the task. */
    private Registration whenFirstObjectIsRecorded(String taskId, Runnable action) {
        return onceBefore(command -> command instanceof RecordObjectIngestedCommand record
                && record.taskId().value().equals(taskId) && record.sourceKey().equals(FIRST), action);
    }

    /** Runs {@code action} once, in the job's thread, just before it records that it skipped {@code key}. */
    private Registration whenSkipIsRecorded(String taskId, String key, Runnable action) {
        return onceBefore(command -> command instanceof RecordObjectSkippedCommand skip
                && skip.taskId().value().equals(taskId) && skip.sourceKey().equals(key), action);
    }

    private Registration onceBefore(Predicate<Object> command, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        MessageDispatchInterceptor<CommandMessage<?>> interceptor = messages -> (index, message) -> {
            if (command.test(message.getPayload()) && done.compareAndSet(false, true)) action.run();
            return message;
        };
        return platform.bean(CommandBus.class).registerDispatchInterceptor(interceptor);
    }
}
