package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import io.minio.GetObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka sources on the real broker: records produced to a topic land as NDJSON objects in the platform's bucket,
 * each record exactly once, each batch an asset in the catalog and an {@code ingestion.completed} event; a continuous
 * task stopped and resumed (with an unrecorded object left behind, as a worker killed between writing and recording
 * leaves it) still holds every record exactly once.
 */
class KafkaIngestionEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);
    private final String bootstrap = TestServers.get().kafka().bootstrapServers();

    @Test
    void aBoundedTaskLandsEveryRecordOnceAndAnnouncesEachBatch() throws Exception {
        String topic = "telemetry-" + tenant;
        createTopic(topic, 3);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) values.add(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        values.add(new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1});
        produce(topic, values, 0);

        try (KafkaTap tap = new KafkaTap(tenant, List.of("ingestion.completed"))) {
            String group = "fleetloop-" + tenant;
            String sourceId = createSource("telemetry", Map.of("bootstrapServers", bootstrap, "topics", List.of(topic),
                    "consumerGroup", group, "maxBatchRecords", 40, "maxBatchWaitMillis", 300, "mode", "BOUNDED"));
            String taskId = createTask(sourceId, "kafka/telemetry");
            assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/start", null).status()).isEqualTo(202);

            JsonNode task = awaitStatus(taskId, "COMPLETED");
            List<Landed> landed = landed("tenants/" + tenant + "/kafka/telemetry/");
            assertExactlyOnce(landed, 301);
            assertThat(landed.stream().filter(l -> l.line().has("valueBase64")).map(l -> l.line().path("valueBase64").asText()))
                    .containsExactly("//4AAQ==");
            assertThat(landed.stream().filter(l -> l.line().has("value")).map(l -> l.line().path("value").asText()).distinct().count())
                    .isEqualTo(300);
            Set<String> objects = new HashSet<>();
            landed.forEach(l -> objects.add(l.object()));
            assertThat(objects.size()).isGreaterThanOrEqualTo(9); // 3 partitions, at most 40 records a batch
            assertThat(task.path("objectCount").asInt()).isEqualTo(objects.size());
            assertThat(task.path("assetIds")).hasSize(objects.size());

            JsonNode assets = Ingestions.awaitAssets(api, "/v1/assets?size=100&sourceId=" + sourceId, objects.size(), Duration.ofSeconds(30));
            assets.path("items").forEach(asset -> {
                assertThat(objects).contains(asset.path("storagePath").asText().substring("s3://fleetloop-main/".length()));
                assertThat(asset.path("attributes").path("kafka-topic").asText()).isEqualTo(topic);
            });

            // One ingestion.completed per batch, then the task's own completion.
            await().atMost(Duration.ofSeconds(30)).until(() -> tap.on("ingestion.completed").size() == objects.size() + 1);
            long batches = tap.on("ingestion.completed").stream().filter(r -> r.cloudEvent().path("data").path("batch").isObject()).count();
            assertThat(batches).isEqualTo(objects.size());

            // Offsets were committed to the consumer group after the batches were recorded.
            try (Admin admin = admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(301);
            }
        }
    }

    @Test
    void aContinuousTaskStoppedAndResumedAfterAnUnrecordedWriteHoldsEveryRecordOnce() throws Exception {
        String topic = "stream-" + tenant;
        createTopic(topic, 2);
        produce(topic, texts(0, 100), 0);
        String sourceId = createSource("stream", Map.of("bootstrapServers", bootstrap, "topicPattern", "stream-" + tenant + "(-.*)?",
                "consumerGroup", "fleetloop-" + tenant, "maxBatchRecords", 10, "maxBatchWaitMillis", 200, "mode", "CONTINUOUS"));
        String taskId = createTask(sourceId, "kafka/stream");
        String prefix = "tenants/" + tenant + "/kafka/stream/";
        assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/start", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> landed(prefix).size() == 100);

        var stopped = api.post("/v1/ingestion-tasks/" + taskId + "/stop", null);
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        awaitStatus(taskId, "STOPPED");
        assertExactlyOnce(landed(prefix), 100);

        // Records produced while stopped; and an object a killed run wrote for partition 0 but never recorded.
        long end0 = endOffset(new TopicPartition(topic, 0));
        String leftover = prefix + topic + "/0/" + String.format("%020d-%020d.ndjson", end0, end0 + 4);
        SourceBucket.putPlatformObject("fleetloop-main", leftover,
                "{\"topic\":\"x\",\"partition\":0,\"offset\":0,\"value\":\"never recorded\"}\n".getBytes(StandardCharsets.UTF_8));
        produce(topic, texts(100, 200), 100);

        assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/start", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<Landed> now = landed(prefix);
            return now.size() == 200 && now.stream().noneMatch(l -> l.line().path("value").asText().equals("never recorded"));
        });
        assertThat(api.post("/v1/ingestion-tasks/" + taskId + "/stop", null).status()).isEqualTo(200);
        JsonNode task = awaitStatus(taskId, "STOPPED");

        List<Landed> landed = landed(prefix);
        assertExactlyOnce(landed, 200);
        Set<String> values = new HashSet<>();
        landed.forEach(l -> values.add(l.line().path("value").asText()));
        assertThat(values).containsExactlyInAnyOrderElementsOf(texts(0, 200).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        Set<String> objects = new HashSet<>();
        landed.forEach(l -> objects.add(l.object()));
        assertThat(task.path("objectCount").asInt()).isEqualTo(objects.size());
        Ingestions.awaitAssets(api, "/v1/assets?size=100&sourceId=" + sourceId, objects.size(), Duration.ofSeconds(30));
        assertThat(task.path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aKafkaSourceIsValidatedFieldByField() {
        Map<String, Object> valid = Map.of("bootstrapServers", bootstrap, "topics", List.of("t"), "consumerGroup", "g");
        assertField(with(valid, "bootstrapServers", "not a host"), "connectorConfig.kafka.bootstrapServers");
        assertField(with(valid, "consumerGroup", null), "connectorConfig.kafka.consumerGroup");
        assertField(with(valid, "topicPattern", "t.*"), "connectorConfig.kafka.topics");
        assertField(with(with(valid, "topics", null), "topicPattern", "("), "connectorConfig.kafka.topicPattern");
        assertField(with(valid, "maxBatchRecords", 0), "connectorConfig.kafka.maxBatchRecords");
        assertField(with(valid, "securityProtocol", "SASL_SSL"), "connectorConfig.credentialsRef");
        assertThat(api.get("/v1/datasources").json("/total").asInt()).isZero();
    }

    private record Landed(String object, JsonNode line) {
    }

    private static void assertExactlyOnce(List<Landed> landed, int records) {
        List<String> positions = landed.stream().map(l -> l.line().path("partition").asInt() + "@" + l.line().path("offset").asLong()).toList();
        assertThat(positions).hasSize(records);
        assertThat(new HashSet<>(positions)).hasSize(records);
    }

    private List<Landed> landed(String prefix) throws Exception {
        MinioClient store = SourceBucket.platformClient();
        List<Landed> landed = new ArrayList<>();
        for (Result<Item> result : store.listObjects(ListObjectsArgs.builder().bucket("fleetloop-main").prefix(prefix).recursive(true).build())) {
            String name = result.get().objectName();
            try (var in = new BufferedReader(new InputStreamReader(store.getObject(GetObjectArgs.builder().bucket("fleetloop-main").object(name).build()),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) landed.add(new Landed(name, JSON.readTree(line)));
                }
            } catch (ErrorResponseException e) {
                // Listed while the store was still writing it, under a temporary name (S3Proxy's file backend lists
                // "<key>-<uuid>" until it renames it): not landed yet; the next look sees the object itself.
                if (!"NoSuchKey".equals(e.errorResponse().code())) throw e;
            }
        }
        return landed;
    }

    private static List<byte[]> texts(int from, int to) {
        List<byte[]> values = new ArrayList<>();
        for (int i = from; i < to; i++) values.add(("record " + i).getBytes(StandardCharsets.UTF_8));
        return values;
    }

    private void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private long endOffset(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(partition).get().offset();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void produce(String topic, List<byte[]> values, int firstKey) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, ("key-" + (firstKey + i)).getBytes(StandardCharsets.UTF_8), values.get(i))).get();
            }
        }
    }

    private String createSource(String name, Map<String, Object> kafka) {
        var response = source(Map.of("name", name, "protocolType", "KAFKA", "connectorConfig", Map.of("kafka", kafka)));
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        return response.json("/sourceId").asText();
    }

    private Api.Response source(Map<String, Object> body) {
        return api.post("/v1/datasources", body);
    }

    private Api.Response sourceWith(Map<String, Object> kafka) {
        return api.post("/v1/datasources", Map.of("name", "s-" + UUID.randomUUID(), "protocolType", "KAFKA", "connectorConfig", Map.of("kafka", kafka)));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        if (value == null) copy.remove(key);
        else copy.put(key, value);
        return copy;
    }

    private void assertField(Map<String, Object> kafka, String field) {
        IngestionBadInputTest.assertField(sourceWith(kafka), 400, field);
    }

    private String createTask(String sourceId, String targetPath) {
        var response = api.post("/v1/ingestion-tasks", Map.of("sourceId", sourceId,
                "ingestionRule", Map.of("targetPath", targetPath, "modality", "CAN")));
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        return response.json("/taskId").asText();
    }

    private JsonNode awaitStatus(String taskId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = api.get("/v1/ingestion-tasks/" + taskId);
            last[0] = response.body();
            assertThat(response.json("/status").asText()).as(response.raw()).isNotEqualTo("FAILED");
            return status.equals(response.json("/status").asText());
        });
        return last[0];
    }
}
