package io.fleetloop.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.common.TenantOwned;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import net.jqwik.api.Arbitraries;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at scale (issue 18 §2): jqwik generates bodies for every write endpoint of the platform (the routes of
 * {@link AccessMatrix}) — valid examples with one part broken (wrong type, huge or odd string, unicode, path-like
 * keys and values, a field removed), random JSON, and text that is not JSON at all — and sends each as an admin with
 * every role of a tenant of its own. Every answer that refuses is a 4xx RFC 9457 problem, never a 5xx, and a refused
 * request appends no event of that tenant to the event store (nothing was written).
 */
class BadInputPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    /** A valid body per write endpoint that has one worth breaking (the rest get random JSON and non-JSON text). */
    private static final Map<String, Object> EXAMPLES = examples();

    private final RunningPlatform platform = RunningPlatform.shared();

    record Attempt(String method, String pattern, String path, String body, String how) {
        @Override
        public String toString() {
            String shown = body == null ? "<none>" : body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
            return method + " " + path + " [" + how + "] " + shown;
        }
    }

    @Property(tries = 400, shrinking = ShrinkingMode.OFF)
    void aRefusedWriteIsA4xxProblemAndWritesNothing(@ForAll("attempts") Attempt attempt) {
        String tenant = "fuzz-" + UUID.randomUUID().toString().substring(0, 12);
        Api api = platform.as("fuzzer", List.of(tenant), Role.values());
        TrackingToken before = platform.bean(EventStore.class).createHeadToken();
        Api.Response response = api.sendRaw(attempt.method(), attempt.path(), attempt.body());
        assertThat(response.status()).as("%s answered %s", attempt, response.raw()).isBetween(200, 499);
        if (response.status() >= 400) {
            assertThat(response.contentType()).as("%s answered %s", attempt, response.raw()).contains("application/problem+json");
            assertThat(response.json("/status").asInt()).as(response.raw()).isEqualTo(response.status());
            List<String> written = eventsOf(tenant, before);
            assertThat(written).as("%s was refused but wrote", attempt).isEmpty();
        }
    }

    /** Refusals made before Spring MVC — Tomcat's (an encoded NUL) and Spring Security's firewall (an encoded %) — too. */
    @Example
    void refusalsBeforeTheApplicationAreProblemsToo() {
        Api api = platform.as("fuzzer", List.of("fuzz-fixed"), Role.values());
        for (String path : List.of("/v1/devices/%00/token", "/v1/credentials/%252e%252e%252f", "/v1/devices/a%2Fb/token")) {
            Api.Response response = api.sendRaw("POST", path, "{}");
            assertThat(response.status()).as(path + " " + response.raw()).isEqualTo(400);
            assertThat(response.contentType()).as(path).contains("application/problem+json");
            assertThat(response.json("/status").asInt()).as(path).isEqualTo(400);
        }
    }

    /** The events of the tenant appended since {@code from} (read through Axon's EventStore API, so Axon Server too). */
    private List<String> eventsOf(String tenant, TrackingToken from) {
        List<String> found = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = platform.bean(EventStore.class).openStream(from)) {
            while (stream.hasNextAvailable()) {
                Object payload = stream.nextAvailable().getPayload();
                if (payload instanceof TenantOwned owned && tenant.equals(owned.tenantId())) found.add(payload.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return found;
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        List<AccessMatrix.Route> writes = AccessMatrix.ROUTES.stream()
                .filter(route -> !route.method().name().equals("GET") && !route.pattern().equals("/graphql")).toList();
        Arbitrary<AccessMatrix.Route> routes = Arbitraries.of(writes);
        Arbitrary<String> how = Arbitraries.of("mutated", "mutated", "mutated", "random-json", "not-json");
        return Combinators.combine(routes, how, randomJson(3), Arbitraries.longs(), pathValues())
                .as((route, kind, random, seed, value) -> attempt(route, kind, random, seed, value));
    }

    private static Attempt attempt(AccessMatrix.Route route, String kind, JsonNode random, long seed, String pathValue) {
        String method = route.method().name();
        String key = method + " " + route.pattern();
        Matcher variables = VARIABLE.matcher(route.pattern());
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            variables.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(pathValue, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        variables.appendTail(path);
        SplittableRandom rnd = new SplittableRandom(seed);
        Object example = EXAMPLES.get(key);
        String body;
        String how = kind;
        if (kind.equals("mutated") && example != null) {
            JsonNode tree = JSON.valueToTree(example);
            how = mutate(tree, random, rnd);
            body = tree.toString();
        } else if (kind.equals("not-json")) {
            String[] garbage = {"", "{", "{\"a\":", "[1,2", "nul", "{\"a\":1}}", "'single'", "{\"a\":NaN}", "\uFEFF{}",
                    "{\"a\":1,\"a\":2}", "[".repeat(5000) + "]".repeat(5000), "{\"k\":\"" + "x".repeat(3_000_000) + "\"}",
                    "<xml/>", "\u0000", "{\"a\":\"\\ud800\"}", "1e999999"};
            body = garbage[rnd.nextInt(garbage.length)];
            how = "not-json #" + body.length();
        } else {
            body = random.toString();
            how = "random-json";
        }
        return new Attempt(method, route.pattern(), path.toString(), body, how);
    }

    /** Breaks one place of a valid body: replaces a value by a random one, removes a field, or adds an odd key. */
    private static String mutate(JsonNode tree, JsonNode random, SplittableRandom rnd) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        if (containers.isEmpty()) return "empty";
        JsonNode target = containers.get(rnd.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            int choice = rnd.nextInt(3);
            if (choice == 0 || fields.isEmpty()) {
                String[] keys = {"../../etc/passwd", "__proto__", "$where", "a.b.c", "", "\u202Eevil", "tenantId", "id\u0000"};
                String field = keys[rnd.nextInt(keys.length)];
                object.set(field, random);
                return "added " + field;
            }
            String field = fields.get(rnd.nextInt(fields.size()));
            if (choice == 1) {
                object.remove(field);
                return "removed " + field;
            }
            object.set(field, random);
            return "replaced " + field;
        }
        ArrayNode array = (ArrayNode) target;
        if (array.isEmpty()) array.add(random);
        else array.set(rnd.nextInt(array.size()), random);
        return "replaced an element";
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) containers.add(node);
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), containers);
    }

    private static Arbitrary<String> pathValues() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of("../../etc/passwd", "%2e%2e%2f", "0", "-1", "99999999999999999999", "null", "\u00e9\u4e2d\ud83d\ude97",
                        "x".repeat(2000), UUID.randomUUID().toString(), "a b", "a;b", "keys"));
    }

    /** Random JSON: odd strings, extreme numbers, nested arrays and objects with odd keys. */
    private static Arbitrary<JsonNode> randomJson(int depth) {
        Arbitrary<JsonNode> strings = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.strings().all().ofMaxLength(20).map(NODES::textNode),
                Arbitraries.of("", " ", "../../etc/passwd", "/etc/passwd", "C:\\Windows", "s3://other/bucket", "<script>alert(1)</script>",
                        "' OR 1=1 --", "${jndi:ldap://x}", "\u0000", "\ud83d\ude97\u202e", "2026-13-45T99:99:99Z", "PT-1S", "NaN")
                        .map(NODES::textNode),
                Arbitraries.integers().between(10_000, 200_000).map(n -> NODES.textNode("y".repeat(n))));
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L).map(NODES::numberNode),
                Arbitraries.of(1e308, -1e308, 4.9e-324, -0.0, 0.5).map(NODES::numberNode),
                Arbitraries.of("123456789012345678901234567890").map(s -> NODES.numberNode(new java.math.BigInteger(s))));
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(strings, numbers, Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.nullNode()));
        if (depth == 0) return scalars;
        Arbitrary<JsonNode> inner = randomJson(depth - 1);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("name", "id", "tenantId", "deviceId", "assetIds", "../x", "a.b", "", "__proto__", "\u4e2d"));
        Arbitrary<JsonNode> objects = Arbitraries.maps(keys, inner).ofMaxSize(4).map(fields -> {
            ObjectNode object = NODES.objectNode();
            fields.forEach(object::set);
            return object;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalars), net.jqwik.api.Tuple.of(1, arrays), net.jqwik.api.Tuple.of(2, objects));
    }

    private static Map<String, Object> examples() {
        Map<String, Object> writes = new HashMap<>();
        writes.put("POST /v1/datasources", Map.of("name", "fuzz", "protocolType", "S3", "connectorConfig",
                Map.of("endpoint", "http://127.0.0.1:9", "bucket", "fuzz", "prefix", "drive", "credentialsRef", "keys")));
        writes.put("PUT /v1/credentials/{name}", Map.of("accessKey", "fuzz", "secretKey", "fuzz-secret"));
        writes.put("POST /v1/ingestion-tasks", Map.of("sourceId", UUID.randomUUID().toString(),
                "ingestionRule", Map.of("includePattern", "**", "targetPath", "landing", "modality", "CAMERA")));
        writes.put("POST /v1/ingestion-tasks/{taskId}/uploads", Map.of("fileName", "a.bin", "size", 1, "sha256", "0".repeat(64)));
        writes.put("PUT /v1/assets/{assetId}/tags", Map.of("sceneTags", List.of("night")));
        writes.put("POST /v1/data-flows", Map.of("name", "flow", "flowRule", Map.of("sourceId", UUID.randomUUID().toString()),
                "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_2D")));
        writes.put("POST /v1/annotation-tasks", Map.of("name", "boxes", "assetIds", List.of(UUID.randomUUID().toString()),
                "annotationType", "BOX_3D"));
        writes.put("PUT /v1/annotation-results/{resultId}", Map.of("labels", List.of(Map.of("category", "car",
                "box", Map.of("x", 1, "y", 2, "width", 3, "height", 4)))));
        writes.put("POST /v1/annotation-results/{resultId}/reject", Map.of("reason", "blurry"));
        writes.put("POST /v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", "v9", "targetDeviceType", "vehicle",
                "artifactUri", "s3://bucket/tenants/x/model.bin", "grayPolicy", Map.of("batchPercentages", List.of(10, 100))));
        writes.put("POST /v1/release-tasks/{taskId}/start", Map.of("deviceIds", List.of("car-1")));
        writes.put("POST /v1/devices", Map.of("deviceId", "car-1", "deviceType", "vehicle", "attributes", Map.of("model", "m1")));
        writes.put("POST /v1/devices/bulk", List.of(Map.of("deviceId", "car-2", "deviceType", "vehicle")));
        writes.put("PUT /v1/devices/{deviceId}/attributes", Map.of("mode", "replace", "data", Map.of("owner", "fuzz")));
        writes.put("PUT /v1/ota/polling-config", Map.of("sleep", "PT1H", "activeSleep", "PT1H"));
        writes.put("POST /v1/devices/{deviceId}/token", Map.of("securityToken", "a-long-enough-device-token"));
        writes.put("POST /v1/ota/gateway-token", Map.of("securityToken", "a-long-enough-gateway-token"));
        writes.put("POST /v1/behavior-sessions", Map.of("name", "drive", "assetIds", List.of(UUID.randomUUID().toString())));
        writes.put("POST /v1/behavior-sessions/{sessionId}/replay/{replayId}", Map.of("action", "pause"));
        writes.put("POST /v1/problem-samples", Map.of("sessionId", UUID.randomUUID().toString(), "problemType", "PERCEPTION",
                "severity", "LOW", "rootCauseSegment", Map.of("from", "2026-06-01T08:01:00Z", "to", "2026-06-01T08:02:00Z",
                        "channels", List.of())));
        writes.put("POST /v1/problem-samples/export-to-annotation", Map.of("sampleIds", List.of(UUID.randomUUID().toString()),
                "annotationType", "BOX_2D"));
        writes.put("POST /v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(UUID.randomUUID().toString())));
        writes.put("PUT /v1/price-list", Map.of("prices", List.of(Map.of("resource", "ingested-bytes", "unit", "byte", "unitPrice", 0.001))));
        writes.put("PUT /v1/quotas/{resource}", Map.of("limit", 10, "period", "DAY"));
        writes.put("POST /v1/billing/credits", Map.of("amount", 10, "reference", "fuzz"));
        writes.put("PUT /v1/billing/policy", Map.of("stopDispatchWhenExhausted", true));
        writes.put("POST /v1/admin/processors/{name}/reset", Map.of("from", "beginning"));
        writes.put("POST /v1/admin/tokens", Map.of("subject", "fuzz", "tenants", List.of("fuzz"), "roles", List.of("DATA_ENGINEER")));
        return Map.copyOf(writes);
    }
}
