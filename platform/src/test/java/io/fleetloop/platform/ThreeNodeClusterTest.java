package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.PlatformProcess;
import io.fleetloop.platform.support.Rollouts;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.fleetloop.platform.support.TestServers.OTA_TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three platform processes on one PostgreSQL database, one Elasticsearch, Kafka and S3, as in production behind a
 * load balancer. Three processors run with four segments each and two threads per node ({@code kafka-publisher},
 * {@code ingestion-tasks}, {@code asset-catalog}): the segments are claimed by different nodes through the token
 * store, every event is handled once (the task view's counters add one per event; every integration event arrives
 * on Kafka exactly once, and the catalog registration process sends each registration once), ingestion runs are
 * picked by one node each.
 *
 * <p>Sagas and deadlines fire once across the nodes: a gray OTA rollout of 12 vehicles in 3 batches (3, 3, 6) with a
 * 20 s interval, its operator requests and every DDI request of its devices (poll, deploymentBase, feedback) sent to
 * the nodes in turn. Batches 0 and 1 are installed on three nodes; then the node with the most segments is killed with
 * SIGKILL while batch 2's interval deadline (db-scheduler, scheduled by the GrayRolloutProcess saga) is pending: its
 * segments are claimed by the other two within the claim timeout (Axon's 10 s, plus the 5 s claim interval), the
 * deadline fires once on a survivor, and the work goes on with nothing lost. From the release's own event history and
 * the command audit: each batch started once and completed once, batches 1 and 2 each started by their interval
 * deadline (one accepted StartBatch command each, by the saga; batch 2 after the kill), no batch timed out, the closed loop
 * completed once; every device was offered one action and ends on the new version with nothing left to do. A node
 * whose cached release lags the event store (another node handled the last commands) may refuse a device's report
 * (404); the refusal evicts the entry and the device's next report is accepted; the refusals are printed.
 * Took 744 s on the loaded shared 2-core machine of 2026-12-04 before the rollout was added (node A 150 s, B and C
 * 280 s to start; the segments of the killed node were claimed after 10.7 s); most of it is starting three JVMs.
 */
class ThreeNodeClusterTest {

    private static final List<String> SEGMENTED = List.of("kafka-publisher", "ingestion-tasks", "asset-catalog");
    private static final int TASKS = 4;
    private static final int OBJECTS = 15;
    /** The rollout: 12 vehicles in batches of 3, 3 and 6, the next batch 20 s after the previous one completed. */
    private static final int DEVICES = 12;
    private static final List<Integer> BATCH_PERCENTAGES = List.of(25, 25, 50);
    private static final Duration INTERVAL = Duration.ofSeconds(20);

    @Test
    void threeNodesSplitTheSegmentsHandleEachEventAndEachDeadlineOnceAndTakeOverTheWorkOfAKilledNode() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "nodes-" + run;
        SourceBucket bucket = new SourceBucket("tn-" + run);
        for (int t = 0; t < 2 * TASKS; t++) {
            for (int i = 0; i < OBJECTS; i++) {
                bucket.put("t" + t + "/" + i + ".can", (run + "-" + t + "-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>(TestServers.platformProperties("nodes"));
        // Three pools on one PostgreSQL server (shared by every test JVM of the machine): keep each small.
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        for (String processor : SEGMENTED) {
            properties.put("axon.eventhandling.processors." + processor + ".initial-segment-count", "4");
            properties.put("axon.eventhandling.processors." + processor + ".thread-count", "2");
        }

        List<PlatformProcess> nodes = new ArrayList<>();
        try (KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.completed", "catalog.registered"))) {
            // The first node creates the database schema, the tokens (4 segments) and the signing key the others share.
            nodes.add(PlatformProcess.start(properties, "node-a"));
            CompletableFuture<PlatformProcess> b = CompletableFuture.supplyAsync(() -> PlatformProcess.start(properties, "node-b"));
            CompletableFuture<PlatformProcess> c = CompletableFuture.supplyAsync(() -> PlatformProcess.start(properties, "node-c"));
            RuntimeException failure = null;
            for (CompletableFuture<PlatformProcess> started : List.of(b, c)) {
                try {
                    nodes.add(started.join());
                } catch (RuntimeException e) {
                    if (failure == null) failure = e;
                }
            }
            if (failure != null) throw failure;

            Api api = nodes.get(0).api(tenant, Role.DATA_ENGINEER, Role.AUDITOR);
            Ingestions.storeCredentials(api, "keys");
            String sourceId = Ingestions.createSource(api, "fleet", bucket.name(), "", "keys");

            // Segments split across nodes through the token store.
            Map<Integer, Set<String>> ownersByNode = new HashMap<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                ownersByNode.clear();
                for (int n = 0; n < nodes.size(); n++) ownersByNode.put(n, ownersHere(admin(nodes.get(n), tenant)));
                Set<String> owners = new HashSet<>();
                ownersByNode.values().forEach(owners::addAll);
                assertThat(owners).as("nodes that claimed segments: %s", ownersByNode).hasSizeGreaterThanOrEqualTo(2);
                for (String processor : SEGMENTED) {
                    assertThat(segments(admin(nodes.get(0), tenant), processor)).as(processor).hasSize(4)
                            .allSatisfy(s -> assertThat(s.path("owner").isNull()).isFalse());
                }
            });

            // Work sent to every node in turn (as a load balancer would): each event handled once.
            List<String> tasks = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) tasks.add(ingestVia(nodes.get(t % 3), tenant, sourceId, "t" + t + "/*.can"));
            awaitExact(api, kafka, sourceId, tasks);
            assertThat(kafka.poll()).as("each integration event published once, by one node").hasSize(TASKS + TASKS * OBJECTS);

            // A gray rollout over the three nodes: operator requests and each device's DDI requests go to the nodes in
            // turn. Batches 0 and 1 are installed; batch 2 waits for its interval deadline, pending at the kill below.
            LoadBalancer balancer = new LoadBalancer(nodes);
            Api operator = balancer.api(Role.OTA_OPERATOR);
            String version = "2.0-" + run;
            String artifactUri = SourceBucket.putPlatformObject(nodes.get(0).property("fleetloop.objectstore.bucket"),
                    "tenants/" + OTA_TENANT + "/nodes/" + run + "/model-2.bin", SourceBucket.randomBytes(10_000, 7));
            Rollouts.registerVehicles(operator, devicePrefix(run), 2, DEVICES, run);
            String taskId = Rollouts.createGrayRelease(balancer.api(Role.OTA_OPERATOR), version, artifactUri, BATCH_PERCENTAGES, INTERVAL, run);
            assertThat(balancer.api(Role.OTA_OPERATOR).post("/v1/release-tasks/" + taskId + "/start", null).status()).isEqualTo(202);
            Devices devices = new Devices();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                answerPolls(balancer, run, devices);
                return "COMPLETED".equals(balancer.api(Role.OTA_OPERATOR).get("/v1/release-tasks/" + taskId + "/batches").json("/items/1/status").asText());
            });
            // The saga has scheduled batch 2's interval deadline in db-scheduler; it is pending (not picked) at the kill.
            JsonNode pending = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> nextBatchDeadline(balancer, taskId), d -> d != null);
            assertThat(pending.path("picked").asBoolean()).as(pending.toString()).isFalse();
            String sagaNodes = sagaOwners(nodes, tenant);

            // Kill the node holding the most segments; the others claim them within the claim timeout.
            int victim = 0;
            int[] counts = new int[nodes.size()];
            for (int n = 0; n < nodes.size(); n++) {
                counts[n] = segmentCount(admin(nodes.get(n), tenant));
                if (counts[n] > counts[victim]) victim = n;
            }
            int[] segmentsOfVictim = {counts[victim]};
            assertThat(segmentsOfVictim[0]).isPositive();
            nodes.get(victim).kill();
            long killedAt = System.nanoTime();
            Instant killedInstant = Instant.now();
            List<PlatformProcess> survivors = new ArrayList<>(nodes);
            survivors.remove(victim);
            balancer.remove(nodes.get(victim));
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String processor : SEGMENTED) {
                    int claimedHere = 0;
                    for (PlatformProcess node : survivors) {
                        claimedHere += (int) segments(admin(node, tenant), processor).stream().filter(s -> s.path("here").asBoolean()).count();
                    }
                    assertThat(claimedHere).as("%s segments claimed by the survivors", processor).isEqualTo(4);
                }
            });
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("ThreeNodeClusterTest: %d segments of the killed node %d claimed by the others after %d ms; "
                    + "ota-rollout saga segment owners before the kill (node index): %s; pending at the kill: %s%n", segmentsOfVictim[0], victim,
                    takeoverMillis, sagaNodes, pending);

            // The work goes on over the survivors; nothing lost (a batch the killed node had not committed may be
            // published again with the same CloudEvent id: at-least-once, counted by id).
            for (int t = TASKS; t < 2 * TASKS; t++) tasks.add(ingestVia(survivors.get(t % 2), tenant, sourceId, "t" + t + "/*.can"));

            // The rollout goes on over the survivors: batch 2's interval deadline, pending at the kill, fires once on one of them.
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    answerPolls(balancer, run, devices);
                    return !"RUNNING".equals(balancer.api(Role.OTA_OPERATOR).get("/v1/release-tasks/" + taskId).json("/status").asText());
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the rollout did not finish over the survivors: " + rolloutState(balancer, taskId), e);
            }
            assertRolledOutOnce(balancer, run, taskId, devices, killedInstant);

            Api survivor = survivors.get(0).api(tenant, Role.DATA_ENGINEER, Role.AUDITOR);
            awaitExact(survivor, kafka, sourceId, tasks);
        } finally {
            nodes.forEach(PlatformProcess::close);
        }
    }

    private static String devicePrefix(String run) {
        return "n" + run + "-";
    }

    /** What the devices were offered (action ids per device), what they reported, and the reports a node refused. */
    private static final class Devices {
        final Map<String, Set<String>> offered = new TreeMap<>();
        final Set<String> reported = new HashSet<>();
        final List<String> refusals = new ArrayList<>();
    }

    /**
     * One round of the fleet: each device polls once; one offered an action it has not reported yet reads it and reports
     * success. Every request goes to the next node in turn. An action offered again (by a node whose view has not caught
     * up with the report yet) is the same action id. A report a node refuses (its cached release lagging the event
     * store) is sent again at the device's next poll, as a device does; the refusals are printed.
     */
    private static void answerPolls(LoadBalancer balancer, String run, Devices devices) {
        for (int i = 1; i <= DEVICES; i++) {
            String deviceId = String.format("%s%02d", devicePrefix(run), i);
            Ddi.Answer polled = balancer.ddi(deviceId).poll();
            assertThat(polled.status()).as(polled.raw()).isEqualTo(200);
            String href = polled.json("/_links/deploymentBase/href").asText();
            if (href.isEmpty()) continue;
            String path = href.contains("?") ? href.substring(0, href.indexOf('?')) : href;
            String actionId = path.substring(path.lastIndexOf('/') + 1);
            devices.offered.computeIfAbsent(deviceId, d -> new HashSet<>()).add(actionId);
            if (devices.reported.contains(deviceId + "/" + actionId)) continue;
            Ddi reader = balancer.ddi(deviceId);
            Ddi.Answer action = reader.get(reader.base() + "/deploymentBase/" + actionId);
            assertThat(action.status()).as(action.raw()).isEqualTo(200);
            Ddi reporter = balancer.ddi(deviceId);
            Ddi.Answer reported = reporter.feedback(reporter.base() + "/deploymentBase/" + actionId, actionId, "closed", "success", "installed");
            if (reported.status() == 200) {
                devices.reported.add(deviceId + "/" + actionId);
            } else {
                assertThat(reported.status()).as(reported.raw()).isIn(404, 409);
                devices.refusals.add(reported.raw());
            }
        }
    }

    /**
     * The rollout completed once with every device updated once; each batch started and completed once, batches 1 and
     * 2 each started by their interval deadline, which fired once (one accepted StartBatch command each, by the saga), batch
     * 2's after the kill; no batch timed out.
     */
    private static void assertRolledOutOnce(LoadBalancer balancer, String run, String taskId, Devices devices,
                                            Instant killedAt) {
        Api auditor = balancer.api(Role.OTA_OPERATOR, Role.AUDITOR);
        JsonNode task = auditor.get("/v1/release-tasks/" + taskId).body();
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("successCount").asInt()).as(task.toString()).isEqualTo(DEVICES);
        assertThat(task.path("failureCount").asInt()).as(task.toString()).isZero();
        JsonNode batches = balancer.api(Role.OTA_OPERATOR).get("/v1/release-tasks/" + taskId + "/batches").json("/items");
        assertThat(batches.findValuesAsText("deviceCount")).as(batches.toString()).containsExactly("3", "3", "6");
        assertThat(batches.findValuesAsText("successCount")).as(batches.toString()).containsExactly("3", "3", "6");

        Rollouts.History history = Rollouts.history(auditor, taskId);
        history.assertEachBatchOnce(3);
        for (int batch = 1; batch < 3; batch++) {
            assertThat(history.startedAt().get(batch)).as("batch %d started by its interval deadline", batch)
                    .isAfterOrEqualTo(history.completedAt().get(batch - 1).plus(INTERVAL));
        }
        assertThat(history.startedAt().get(2)).as("batch 2's deadline was pending at the kill and fired on a survivor").isAfter(killedAt);
        // A firing's StartBatch is accepted once (a repeated firing's would be accepted too, changing nothing); a refusal
        // by a node whose cached release lagged is followed by the saga's second attempt within the same firing.
        JsonNode starts = balancer.api(Role.AUDITOR).get("/v1/audit-records?resourceId=" + taskId + "&action=StartBatch&size=50").body();
        System.out.printf("ThreeNodeClusterTest: StartBatch commands of the rollout: %s%n", starts.path("items"));
        assertThat(starts.path("items").findValuesAsText("operator")).as(starts.toString()).containsOnly("system");
        assertThat(starts.path("items").findValuesAsText("outcome").stream().filter("ACCEPTED"::equals).count())
                .as("each interval deadline fired once: %s", starts).isEqualTo(2);
        assertThat(balancer.api(Role.AUDITOR).get("/v1/audit-records?resourceId=" + taskId + "&action=CloseBatch").json("/total").asInt())
                .as("no batch timeout deadline fired").isZero();

        System.out.printf("ThreeNodeClusterTest: %d device reports refused by a node and sent again: %s%n", devices.refusals.size(), devices.refusals);
        assertThat(devices.offered).as("every device was offered one action").hasSize(DEVICES).allSatisfy((device, ids) -> assertThat(ids).hasSize(1));
        assertThat(devices.reported).as("and reported it").hasSize(DEVICES);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(balancer.api(Role.OTA_OPERATOR, Role.AUDITOR).get("/v1/devices?installedVersion=2.0-" + run + "&size=1").json("/total").asInt())
                    .isEqualTo(DEVICES);
            for (String device : devices.offered.keySet()) {
                assertThat(balancer.ddi(device).poll().json("/_links/deploymentBase").isMissingNode()).as("%s has nothing left to do", device).isTrue();
            }
        });
    }

    /** The release's interval deadline db-scheduler holds for its saga (from the saga console), or null. */
    private static JsonNode nextBatchDeadline(LoadBalancer balancer, String taskId) {
        Api.Response sagas = balancer.api(Role.PLATFORM_ADMIN).get("/v1/admin/sagas?type=GrayRolloutProcess&association=taskId:" + taskId);
        assertThat(sagas.status()).as(sagas.raw()).isEqualTo(200);
        for (JsonNode deadline : sagas.json("/deadlines")) {
            if ("ota-next-batch".equals(deadline.path("deadlineName").asText())) return deadline;
        }
        return null;
    }

    /** What the nodes say about a rollout that did not finish: the release, its batches, saga and deadlines, StartBatch commands. */
    private static String rolloutState(LoadBalancer balancer, String taskId) {
        Api admin = balancer.api(Role.PLATFORM_ADMIN, Role.OTA_OPERATOR, Role.AUDITOR);
        return String.join("\n", admin.get("/v1/release-tasks/" + taskId).raw(), admin.get("/v1/release-tasks/" + taskId + "/batches").raw(),
                admin.get("/v1/admin/sagas?type=GrayRolloutProcess&association=taskId:" + taskId).raw(),
                admin.get("/v1/audit-records?resourceId=" + taskId + "&action=StartBatch").raw(),
                admin.get("/v1/audit/aggregates/" + taskId + "/events").json("/events").findValuesAsText("eventType").toString());
    }

    /** The nodes (by index) that claim the rollout saga's segments. */
    private static String sagaOwners(List<PlatformProcess> nodes, String tenant) {
        List<Integer> owners = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            Api.Response response = admin(nodes.get(n), tenant).get("/v1/admin/processors/ota-rollout");
            if (response.status() != 200) return "unknown (" + response.status() + ")";
            for (JsonNode segment : response.json("/segments")) {
                if (segment.path("here").asBoolean() && !owners.contains(n)) owners.add(n);
            }
        }
        return owners.toString();
    }

    /** Sends each request to the next live node, as a round-robin load balancer does. */
    private static final class LoadBalancer {

        private final List<PlatformProcess> live;
        private int turn;

        LoadBalancer(List<PlatformProcess> nodes) {
            this.live = new ArrayList<>(nodes);
        }

        synchronized PlatformProcess next() {
            return live.get(turn++ % live.size());
        }

        synchronized void remove(PlatformProcess node) {
            live.remove(node);
        }

        Api api(Role... roles) {
            return next().api(OTA_TENANT, roles);
        }

        Ddi ddi(String deviceId) {
            return new Ddi(next().baseUrl(), OTA_TENANT, deviceId, "GatewayToken " + TestServers.OTA_GATEWAY_TOKEN);
        }
    }

    private static String ingestVia(PlatformProcess node, String tenant, String sourceId, String pattern) {
        Api api = node.api(tenant, Role.DATA_ENGINEER, Role.AUDITOR);
        String taskId = Ingestions.createTask(api, sourceId, pattern, "landing", "CAN");
        Ingestions.start(api, taskId);
        return taskId;
    }

    /** Every task completed with exactly its objects counted once; every asset in the catalog; Kafka complete. */
    private static void awaitExact(Api api, KafkaTap kafka, String sourceId, List<String> tasks) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String task : tasks) {
                JsonNode view = api.get("/v1/ingestion-tasks/" + task).body();
                assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("COMPLETED");
                assertThat(view.path("objectCount").asInt()).as(view.toString()).isEqualTo(OBJECTS);
            }
            assertThat(api.get("/v1/assets?sourceId=" + sourceId + "&size=1").json("/total").asInt()).isEqualTo(tasks.size() * OBJECTS);
            assertThat(distinctIds(kafka.on("catalog.registered"))).isEqualTo(tasks.size() * OBJECTS);
            assertThat(distinctIds(kafka.on("ingestion.completed"))).isEqualTo(tasks.size());
        });
        // Settled: the counters did not move on (a second handling would add to them).
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        for (String task : tasks) assertThat(api.get("/v1/ingestion-tasks/" + task).json("/objectCount").asInt()).isEqualTo(OBJECTS);
        assertThat(api.get("/v1/audit/aggregates/" + tasks.get(0) + "/events").json("/events").size()).isEqualTo(OBJECTS + 3);
    }

    private static Api admin(PlatformProcess node, String tenant) {
        return node.api(tenant, Role.PLATFORM_ADMIN);
    }

    private static List<JsonNode> segments(Api admin, String processor) {
        Api.Response response = admin.get("/v1/admin/processors/" + processor);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> segments = new ArrayList<>();
        response.json("/segments").forEach(segments::add);
        return segments;
    }

    /** The token-store owners of the segments this node claims (its own owner name), over the segmented processors. */
    private static Set<String> ownersHere(Api admin) {
        Set<String> owners = new HashSet<>();
        for (String processor : SEGMENTED) {
            segments(admin, processor).stream().filter(s -> s.path("here").asBoolean()).forEach(s -> owners.add(s.path("owner").asText()));
        }
        return owners;
    }

    private static int segmentCount(Api admin) {
        int count = 0;
        for (String processor : SEGMENTED) count += (int) segments(admin, processor).stream().filter(s -> s.path("here").asBoolean()).count();
        return count;
    }

    private static int distinctIds(List<KafkaTap.Received> received) {
        Set<String> ids = new HashSet<>();
        received.forEach(r -> ids.add(r.cloudEvent().path("id").asText()));
        return ids.size();
    }
}
