package io.fleetloop.platform.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gray OTA rollout as the rollout tests drive it: a fleet of vehicles registered with one CSV upload, a DOTA
 * release to them in batches, and the release's own history (its events, read through the event store).
 */
public final class Rollouts {

    private Rollouts() {
    }

    /** Registers vehicles {@code idPrefix} + index zero-padded to {@code width} (1…count) on version 1.0, attribute fleet. */
    public static void registerVehicles(Api operator, String idPrefix, int width, int count, String fleet) {
        StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion,attr.fleet\n");
        IntStream.rangeClosed(1, count).forEach(i -> csv.append(String.format("%s%0" + width + "d,VEHICLE,1.0,%s%n", idPrefix, i, fleet)));
        Api.Response registered = operator.postText("/v1/devices/bulk", "text/csv", csv.toString());
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
    }

    /**
     * Creates a DOTA release of the version to the fleet's vehicles in batches of these percentages, the next batch
     * started by the interval deadline (success threshold 0.9, error threshold 0.1, batch timeout 10 min); its taskId.
     */
    public static String createGrayRelease(Api operator, String versionId, String artifactUri, List<Integer> batchPercentages,
                                           Duration interval, String fleet) {
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", versionId,
                "artifactUri", artifactUri, "targetDeviceType", "vehicle",
                "grayPolicy", Map.of("batchPercentages", batchPercentages, "interval", interval.toString(), "successThreshold", 0.9,
                        "errorThreshold", 0.1, "batchTimeout", "PT10M", "deviceFilter", Map.of("fleet", fleet))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/taskId").asText();
    }

    /** What the release's event history says: starts and completions per batch index (with their times), closed loops. */
    public record History(Map<Integer, Integer> starts, Map<Integer, Integer> completions, int closedLoopCompletions,
                          Map<Integer, Instant> startedAt, Map<Integer, Instant> completedAt) {

        /** Each of the batches started exactly once and completed exactly once; the closed loop completed once. */
        public void assertEachBatchOnce(int batches) {
            Integer[] indexes = IntStream.range(0, batches).boxed().toArray(Integer[]::new);
            assertThat(starts).as("each batch started exactly once").containsOnlyKeys(indexes).allSatisfy((batch, n) -> assertThat(n).isEqualTo(1));
            assertThat(completions).as("each batch completed exactly once").containsOnlyKeys(indexes).allSatisfy((batch, n) -> assertThat(n).isEqualTo(1));
            assertThat(closedLoopCompletions).as("the rollout completed once").isEqualTo(1);
        }
    }

    /** The release's history from {@code /v1/audit/aggregates/{taskId}/events} (the caller needs AUDIT_READ). */
    public static History history(Api auditor, String taskId) {
        Map<Integer, Integer> starts = new HashMap<>();
        Map<Integer, Integer> completions = new HashMap<>();
        Map<Integer, Instant> startedAt = new HashMap<>();
        Map<Integer, Instant> completedAt = new HashMap<>();
        int closedLoops = 0;
        Api.Response response = auditor.get("/v1/audit/aggregates/" + taskId + "/events");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        for (JsonNode event : response.json("/events")) {
            String type = event.path("eventType").asText();
            int batch = event.path("payload").path("batchIndex").asInt();
            Instant at = Instant.parse(event.path("timestamp").asText());
            if (type.startsWith("DeploymentBatchStarted")) {
                starts.merge(batch, 1, Integer::sum);
                startedAt.put(batch, at);
            }
            if (type.startsWith("DeploymentBatchCompleted")) {
                completions.merge(batch, 1, Integer::sum);
                completedAt.put(batch, at);
            }
            if (type.startsWith("OTAClosedLoopCompleted")) closedLoops++;
        }
        return new History(starts, completions, closedLoops, startedAt, completedAt);
    }
}
