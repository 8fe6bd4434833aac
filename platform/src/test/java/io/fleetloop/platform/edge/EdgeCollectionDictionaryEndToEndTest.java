package io.fleetloop.platform.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.edge.collect.CollectionAgent;
import io.fleetloop.edge.collect.CollectionFleet;
import io.fleetloop.edge.collect.DictionaryTraining;
import io.fleetloop.edge.collect.SignalSource;
import io.fleetloop.edge.collect.SimulatedDrive;
import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.formats.segment.SegmentDictionary;
import io.fleetloop.formats.segment.SegmentFormatException;
import io.fleetloop.formats.segment.SegmentReader;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.GetObjectArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A trained zstd dictionary end to end: trained by the agent's code, ingested as an ordinary catalog asset, named by a
 * COLLECT flow (an unknown or another tenant's asset id is refused), fetched by the device over DDI (only when one of its
 * rules names it), and the clip's {@code signals.flsg} in the object store decodes with it and not without; the catalog
 * asset of that clip names the dictionary (asset id and sha256), a clip of a flow without one does not.
 */
class EdgeCollectionDictionaryEndToEndTest {

    private static final Duration AT_MOST = Duration.ofSeconds(180);

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "edge-dict-" + suffix;
    private final String otherTenant = "edge-dict-other-" + suffix;

    @Test
    void aFlowsTrainedDictionaryReachesTheDeviceAndItsClipsNeedIt(@TempDir Path spool) throws Exception {
        SegmentDictionary trained;
        try (SignalSource drive = SimulatedDrive.of(1_700_000_000L, 240, 99, 0)) {
            trained = DictionaryTraining.train(drive, SyntheticDrive.dbcFile(), 2, DictionaryTraining.DEFAULT_SIZE, 19, 5).dictionary();
        }
        byte[] dictionaryBytes = trained.bytes();

        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api ota = platform.api(tenant, Role.OTA_OPERATOR);
        Ingestions.storeCredentials(engineer, "keys");
        SourceBucket bucket = new SourceBucket("dict-" + suffix);
        bucket.put("dictionaries/m1.zdict", dictionaryBytes);
        String sourceId = Ingestions.createSource(engineer, "dictionaries", bucket.name(), "dictionaries", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "dictionaries-" + suffix, "OTHER");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200))
                .until(() -> engineer.get("/v1/assets?size=5&sourceId=" + sourceId).json("/total").asInt() == 1);
        String dictionaryId = engineer.get("/v1/assets?size=5&sourceId=" + sourceId).json("/items/0/assetId").asText();

        Api.Response device = ota.post("/v1/devices", Map.of("deviceId", "car-00001", "deviceType", "vehicle",
                "attributes", Map.of("model", "m1")));
        assertThat(device.status()).as(device.raw()).isEqualTo(201);

        // An unknown asset id and another tenant's asset are refused, naming the field; nothing is created.
        for (Api caller : List.of(engineer, platform.api(otherTenant, Role.DATA_ENGINEER))) {
            String id = caller == engineer ? UUID.randomUUID().toString() : dictionaryId;
            Api.Response refused = caller.post("/v1/data-flows", flow("refused", id));
            assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
            assertThat(refused.json("/errors/0/field").asText()).isEqualTo("compressionRule.dictionary");
        }
        Api.Response created = engineer.post("/v1/data-flows", flow("swerves", dictionaryId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String flowId = created.json("/flowId").asText();

        Api.Response token = ota.post("/v1/ota/gateway-token", null);
        assertThat(token.status()).as(token.raw()).isEqualTo(200);
        String gatewayToken = token.json("/gatewayToken").asText();
        Ddi car = Ddi.gateway(platform, tenant, "car-00001", gatewayToken);
        Ddi.Answer rules = car.get(car.base() + "/collection-rules");
        assertThat(rules.status()).as(rules.raw()).isEqualTo(200);
        assertThat(rules.json("/rules")).as("only the created flow").hasSize(1);
        assertThat(rules.json("/rules/0/compression/dictionary").asText()).isEqualTo(dictionaryId);

        // The device fetches it through DDI: the bytes, ETag = sha256; an id none of its rules names is 404.
        Ddi.Bytes fetched = car.download(car.base() + "/collection-rules/dictionaries/" + dictionaryId, null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(dictionaryBytes);
        assertThat(fetched.headers().firstValue("ETag")).hasValue("\"" + SourceBucket.sha256(dictionaryBytes) + "\"");
        assertThat(car.download(car.base() + "/collection-rules/dictionaries/" + UUID.randomUUID(), null).status()).isEqualTo(404);

        // A second rule for the same cars without a dictionary; a report claiming a dictionary for it is refused.
        Api.Response plainCreated = engineer.post("/v1/data-flows", flow("swerves-plain", null));
        assertThat(plainCreated.status()).as(plainCreated.raw()).isEqualTo(201);
        String plainFlowId = plainCreated.json("/flowId").asText();
        Ddi.Answer claimed = car.post(car.base() + "/collection-triggers", Map.of("flowId", plainFlowId, "triggerId", "t-claimed",
                "kind", "EXPRESSION", "triggerTime", "2026-12-05T08:00:00Z", "ruleVersion", "abc",
                "storagePaths", List.of("s3://nowhere/x/signals.flsg"), "dictionary", dictionaryId));
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(400);
        assertThat(claimed.json("/errors/0/field").asText()).isEqualTo("dictionary");

        // The agent runs both rules: the first one's clips are written with the dictionary, the second one's without.
        CollectionFleet.Result result = CollectionFleet.run(new CollectionFleet.Options(URI.create(platform.baseUrl()), tenant,
                DdiAuth.gatewayToken(gatewayToken), 1, "car-", 5, 7, 60, 0, spool, CollectionAgent.Options.defaults(), 1, null, 10,
                1_764_000_000L), null);
        assertThat(result.errors()).isEmpty();
        assertThat(result.failed()).isZero();
        assertThat(result.reported()).isPositive();

        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() ->
                engineer.get("/v1/assets?size=50&attribute=flowId:" + flowId).json("/total").asInt()
                        + engineer.get("/v1/assets?size=50&attribute=flowId:" + plainFlowId).json("/total").asInt() == result.reported());
        JsonNode items = engineer.get("/v1/assets?size=50&attribute=flowId:" + flowId).json("/items");
        String signals = null;
        String signalsAssetId = null;
        for (JsonNode asset : items) {
            if (asset.path("storagePath").asText().endsWith("/signals.flsg")) {
                signals = asset.path("storagePath").asText();
                signalsAssetId = asset.path("assetId").asText();
            }
        }
        assertThat(signals).as("a clip's signals.flsg").isNotNull();
        byte[] segment = read(signals);
        assertThat(new SegmentReader(SegmentDictionary.of(fetched.body())).read(segment)).isNotEmpty();
        assertThatThrownBy(() -> new SegmentReader().read(segment)).isInstanceOf(SegmentFormatException.class);

        // The catalog says which dictionary the clip needs: its asset id and sha256.
        JsonNode clip = asset(engineer, signalsAssetId);
        assertThat(clip.at("/attributes/compressiondictionary").asText()).isEqualTo(dictionaryId);
        assertThat(clip.at("/attributes/compressiondictionarysha256").asText()).isEqualTo(SourceBucket.sha256(dictionaryBytes));
        // ... and lineage shows the dictionary upstream of the clip.
        String clipId = signalsAssetId;
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Api.Response graph = engineer.get("/v1/lineage/" + clipId + "?direction=upstream&depth=1");
            assertThat(graph.status()).as(graph.raw()).isEqualTo(200);
            List<String> upstream = new java.util.ArrayList<>();
            graph.body().path("nodes").forEach(n -> upstream.add(n.path("id").asText()));
            List<String> relations = new java.util.ArrayList<>();
            graph.body().path("edges").forEach(e -> relations.add(e.toString()));
            assertThat(upstream).contains(dictionaryId);
            assertThat(relations).anySatisfy(e -> assertThat(e).contains("dictionary-of").contains(dictionaryId));
        });

        // A clip compressed without a dictionary names none.
        JsonNode plainItems = engineer.get("/v1/assets?size=50&attribute=flowId:" + plainFlowId).json("/items");
        assertThat(plainItems.size()).as("clips of the rule without a dictionary").isPositive();
        for (JsonNode item : plainItems) {
            JsonNode plain = asset(engineer, item.path("assetId").asText());
            assertThat(plain.at("/attributes/flowid").asText()).isEqualTo(plainFlowId);
            assertThat(plain.path("attributes").has("compressiondictionary")).as(plain.toString()).isFalse();
            assertThat(plain.path("attributes").has("compressiondictionarysha256")).as(plain.toString()).isFalse();
            assertThat(new SegmentReader().read(read(plain.path("storagePath").asText()))).isNotEmpty();
        }
    }

    /** {@code GET /v1/assets/{id}} once the catalog projection has the asset. */
    private static JsonNode asset(Api caller, String assetId) {
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() -> caller.get("/v1/assets/" + assetId).status() == 200);
        Api.Response asset = caller.get("/v1/assets/" + assetId);
        assertThat(asset.status()).as(asset.raw()).isEqualTo(200);
        return asset.body();
    }

    private static Map<String, Object> flow(String name, String dictionary) {
        return Map.of("name", name,
                "flowRule", Map.of("trigger", Map.of("kinds", List.of("EXPRESSION"),
                        "expression", "speed > 50.0 && abs(yaw_rate) > 3.0", "preSeconds", 5, "postSeconds", 3, "rateLimit", 2)),
                "compressionRule", dictionary == null ? Map.of("codec", "zstd", "level", 19, "targetRatio", 50)
                        : Map.of("codec", "zstd", "level", 19, "dictionary", dictionary, "targetRatio", 50),
                "targetPath", "edge/swerves",
                "deviceSelector", Map.of("deviceType", "VEHICLE", "attributes", Map.of("model", "m1")),
                "action", Map.of("type", "COLLECT"));
    }

    private static byte[] read(String s3Uri) throws Exception {
        String path = s3Uri.substring("s3://".length());
        try (InputStream in = SourceBucket.platformClient().getObject(GetObjectArgs.builder().bucket(path.substring(0, path.indexOf('/')))
                .object(path.substring(path.indexOf('/') + 1)).build())) {
            return in.readAllBytes();
        }
    }
}
