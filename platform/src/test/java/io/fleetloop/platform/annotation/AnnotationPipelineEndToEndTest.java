package io.fleetloop.platform.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetloop.api.governance.Role;
import io.fleetloop.workers.annotation.labeling.SyntheticScenes;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.nio.file.Files;
import java.util.HexFormat;

/**
 * The annotation pipeline through the public API on the real servers: generated LiDAR scans and camera frames are
 * ingested, pre-labelled (built-in LiDAR labeler; an HTTP model for 2D), reviewed (reject, correct, approve),
 * the task completes, and approved labels export as KITTI and COCO datasets registered in the catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotationPipelineEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "ann-" + suffix;
    private Api engineer;
    private Api manager;
    private Api reviewer;
    private HttpServer model;
    private final AtomicInteger modelCalls = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        engineer = platform.api(tenant, Role.DATA_ENGINEER);
        manager = platform.api(tenant, Role.ANNOTATION_MANAGER);
        reviewer = platform.api(tenant, Role.QC_REVIEWER);
        Ingestions.storeCredentials(engineer, "keys");
        model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/detect", exchange -> {
            modelCalls.incrementAndGet();
            byte[] image = exchange.getRequestBody().readAllBytes();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
            String body = decoded == null ? "{\"labels\":[]}" : """
                    {"labels":[{"category":"car","confidence":0.91,"box2d":{"x":10,"y":20,"width":%d,"height":%d}},
                               {"category":"pedestrian","confidence":0.12,"box2d":{"x":1,"y":1,"width":5,"height":9}}]}"""
                    .formatted(decoded.getWidth() / 2, decoded.getHeight() / 3);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        model.start();
    }

    @AfterAll
    void stop() {
        model.stop(0);
    }

    private String ingest(String name, Map<String, byte[]> objects, String modality) {
        SourceBucket bucket = new SourceBucket(name + "-" + suffix);
        objects.forEach(bucket::put);
        String sourceId = Ingestions.createSource(engineer, name, bucket.name(), "", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", name, modality);
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == objects.size());
        return sourceId;
    }

    private JsonNode awaitTask(String taskId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = manager.get("/v1/annotation-tasks/" + taskId).body();
            return status.equals(last[0].path("status").asText());
        });
        return last[0];
    }

    @Test
    void lidarScansArePreLabelledReviewedAndExportedAsKitti() throws IOException {
        Map<String, byte[]> scans = new HashMap<>();
        for (int i = 0; i < 3; i++) scans.put("drive-7/velodyne/" + String.format("%06d", i) + ".bin", SyntheticScenes.generate(100 + i).cloud().toKittiBin());
        String sourceId = ingest("lidar", scans, "LIDAR");

        // Only an annotation manager creates tasks.
        Map<String, Object> request = Map.of("name", "drive-7 boxes", "filter", Map.of("sourceId", sourceId), "annotationType", "BOX_3D",
                "preLabelConfig", Map.of("labeler", "BUILTIN_LIDAR", "minConfidence", 0.2), "qcPolicy", Map.of("spotCheckRate", 0.5));
        assertThat(reviewer.post("/v1/annotation-tasks", request).status()).isEqualTo(403);
        Api.Response created = manager.post("/v1/annotation-tasks", request);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json("/assetCount").asInt()).isEqualTo(3);
        String taskId = created.json("/taskId").asText();
        // The filter resolves on the command side's asset directory: every field narrows, q matches a part of the path.
        Api.Response onePath = manager.post("/v1/annotation-tasks", Map.of("name", "one frame", "annotationType", "BOX_3D",
                "filter", Map.of("sourceId", sourceId, "modality", "LIDAR", "q", "VELODYNE/000001")));
        assertThat(onePath.status()).as(onePath.raw()).isEqualTo(201);
        assertThat(onePath.json("/assetCount").asInt()).isEqualTo(1);
        assertThat(manager.post("/v1/annotation-tasks", Map.of("name", "none", "annotationType", "BOX_3D",
                "filter", Map.of("sourceId", sourceId, "modality", "CAMERA"))).status()).as("matches no asset").isEqualTo(400);
        assertThat(manager.post("/v1/annotation-tasks", Map.of("name", "none", "annotationType", "BOX_3D",
                "filter", Map.of("sourceId", sourceId, "tag", "night"))).status()).as("no asset has the tag").isEqualTo(400);
        // A tag counts as soon as its command returned: the directory is kept in the tagging command's transaction.
        String tagged = engineer.get("/v1/assets?sourceId=" + sourceId).json("/items/0/assetId").asText();
        assertThat(engineer.put("/v1/assets/" + tagged + "/tags", Map.of("sceneTags", List.of("night"))).status()).isEqualTo(200);
        Api.Response night = manager.post("/v1/annotation-tasks", Map.of("name", "night", "annotationType", "BOX_3D",
                "filter", Map.of("tag", "night")));
        assertThat(night.status()).as(night.raw()).isEqualTo(201);
        assertThat(night.json("/assetCount").asInt()).isEqualTo(1);

        Api.Response running = manager.post("/v1/annotation-tasks/" + taskId + "/run-prelabeling", null);
        assertThat(running.status()).isEqualTo(202);
        assertThat(running.json("/assetCount").asInt()).as("the real count, known from the task").isEqualTo(3);
        assertThat(manager.post("/v1/annotation-tasks/" + taskId + "/run-prelabeling", null).status()).isEqualTo(409);
        JsonNode task = awaitTask(taskId, "IN_REVIEW");
        assertThat(task.path("resultCount").asInt()).isEqualTo(3);

        JsonNode initial = reviewer.get("/v1/annotation-tasks/" + taskId + "/results?queue=INITIAL").body();
        assertThat(initial.path("total").asInt()).isEqualTo(3);
        int boxes = 0;
        for (JsonNode result : initial.path("items")) {
            boxes += result.path("labels").size();
            for (JsonNode label : result.path("labels")) {
                assertThat(label.path("box3d").path("length").asDouble()).isPositive();
                assertThat(label.path("confidence").asDouble()).isBetween(0.2, 1.0);
            }
        }
        assertThat(boxes).as("the built-in labeler finds objects in generated scenes").isGreaterThanOrEqualTo(3);

        // Reject one (a reason is required), correct it (a new revision, back for re-check), approve everything.
        String rejected = initial.at("/items/0/resultId").asText();
        assertThat(reviewer.post("/v1/annotation-results/" + rejected + "/reject", Map.of("reason", " ")).status()).isEqualTo(400);
        assertThat(manager.post("/v1/annotation-results/" + rejected + "/approve", null).status()).isEqualTo(403);
        assertThat(reviewer.post("/v1/annotation-results/" + rejected + "/reject", Map.of("reason", "missed the parked van")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CORRECTION".equals(reviewer.get("/v1/annotation-results/" + rejected).json("/queue").asText()));
        assertThat(reviewer.post("/v1/annotation-results/" + rejected + "/approve", null).status()).isEqualTo(409);
        Map<String, Object> van = Map.of("category", "Van", "confidence", 1.0,
                "box3d", Map.of("x", 12.5, "y", -3.1, "z", -0.8, "length", 5.1, "width", 2.0, "height", 2.1, "yaw", 0.05));
        assertThat(manager.put("/v1/annotation-results/" + rejected, Map.of("labels", List.of(van))).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RECHECK".equals(reviewer.get("/v1/annotation-results/" + rejected).json("/queue").asText()));
        assertThat(reviewer.get("/v1/annotation-results/" + rejected).json("/revision").asInt()).isEqualTo(2);

        assertThat(manager.download("/v1/annotation-tasks/" + taskId + "/export?format=kitti").status())
                .as("nothing approved yet").isEqualTo(409);
        for (JsonNode result : initial.path("items")) {
            String id = result.path("resultId").asText();
            assertThat(reviewer.post("/v1/annotation-results/" + id + "/approve", null).status()).isEqualTo(204);
            assertThat(reviewer.post("/v1/annotation-results/" + id + "/approve", null).status()).as("approving twice is a no-op").isEqualTo(204);
        }
        assertThat(awaitTask(taskId, "COMPLETED").path("approvedCount").asInt()).isEqualTo(3);

        // KITTI export: one label file per frame, with the corrected van; registered as a dataset asset.
        Api algorithm = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        assertThat(reviewer.download("/v1/annotation-tasks/" + taskId + "/export?format=kitti").status()).isEqualTo(403);
        assertThat(algorithm.download("/v1/annotation-tasks/" + taskId + "/export?format=coco").status()).isEqualTo(400);
        Api.Download kitti = algorithm.download("/v1/annotation-tasks/" + taskId + "/export?format=kitti");
        assertThat(kitti.status()).isEqualTo(200);
        assertThat(kitti.header("Content-Type")).isEqualTo("application/zip");
        keep("kitti.zip", kitti.body());
        Map<String, String> files = unzip(kitti.body());
        assertThat(files.keySet()).contains("manifest.json", "label_2/000000.txt", "label_2/000002.txt", "calib/000001.txt");
        assertThat(files.keySet().stream().filter(f -> f.startsWith("label_2/"))).hasSize(3);
        for (var file : files.entrySet()) {
            if (!file.getKey().startsWith("label_2/")) continue;
            for (String line : file.getValue().split("\n")) {
                if (line.isBlank()) continue;
                String[] fields = line.trim().split(" ");
                assertThat(fields).as(line).hasSize(16);
                for (int i = 1; i < fields.length; i++) Double.parseDouble(fields[i]);
                assertThat(Double.parseDouble(fields[8])).as("height").isPositive();
            }
        }
        assertThat(String.join("\n", files.values())).contains("Van 0.00 0");
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest.path("frames")).hasSize(3);
        String dataset = kitti.header("X-Dataset-Asset-Id");
        assertThat(kitti.header("X-Dataset-Version")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/assets/" + dataset).status() == 200);
        assertThat(engineer.get("/v1/assets/" + dataset).json("/modality").asText()).isEqualTo("DATASET");
        Api.Download again = algorithm.download("/v1/annotation-tasks/" + taskId + "/export?format=kitti");
        assertThat(again.header("X-Dataset-Version")).as("the same content is the same version").isEqualTo("1");
        // The training platform hears of the new dataset: signed, retried after its first refusal, once per version.
        await().atMost(Duration.ofSeconds(60)).until(() -> WebhookReceiver.get().accepted().stream().anyMatch(r -> r.body().contains(dataset)));
        List<WebhookReceiver.Received> deliveries = WebhookReceiver.get().accepted().stream().filter(r -> r.body().contains(dataset)).toList();
        assertThat(deliveries).hasSize(1);
        WebhookReceiver.Received delivery = deliveries.get(0);
        JsonNode announced = JSON.readTree(delivery.body());
        assertThat(announced.path("version").asInt()).isEqualTo(1);
        assertThat(announced.path("format").asText()).isEqualTo("KITTI");
        assertThat(announced.path("resultCount").asInt()).isEqualTo(3);
        assertThat(delivery.headers().get("x-fleetloop-signature"))
                .isEqualTo("sha256=" + hmac(delivery.headers().get("x-fleetloop-timestamp") + "." + delivery.body()));

        String history = platform.api(tenant, Role.AUDITOR).get("/v1/audit/aggregates/" + taskId + "/events").raw();
        assertThat(history).contains("DatasetExportedEvent").contains(rejected);

        // Another tenant sees none of it and can review nothing.
        Api other = platform.api("other-" + suffix, Role.PLATFORM_ADMIN);
        assertThat(other.get("/v1/annotation-tasks/" + taskId).status()).isEqualTo(404);
        assertThat(other.get("/v1/annotation-results/" + rejected).status()).isEqualTo(404);
        assertThat(other.get("/v1/annotation-queues/DONE").json("/total").asInt()).isZero();
        assertThat(other.post("/v1/annotation-results/" + rejected + "/reject", Map.of("reason", "x")).status()).isEqualTo(404);
        assertThat(other.download("/v1/annotation-tasks/" + taskId + "/export?format=kitti").status()).isEqualTo(404);
    }

    @Test
    void cameraFramesArePreLabelledByAnHttpModelAndExportedAsCoco() throws IOException {
        Map<String, byte[]> frames = new HashMap<>();
        frames.put("cam/front-0001.png", png(640, 480));
        frames.put("cam/front-0002.png", png(320, 240));
        String sourceId = ingest("camera", frames, "CAMERA");
        String endpoint = "http://127.0.0.1:" + model.getAddress().getPort() + "/detect";
        Api.Response created = manager.post("/v1/annotation-tasks", Map.of("name", "front cam", "filter", Map.of("sourceId", sourceId),
                "annotationType", "BOX_2D", "preLabelConfig", Map.of("labeler", "HTTP", "endpoint", endpoint, "minConfidence", 0.5)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        manager.post("/v1/annotation-tasks/" + taskId + "/run-prelabeling", null);
        awaitTask(taskId, "IN_REVIEW");
        assertThat(modelCalls.get()).isGreaterThanOrEqualTo(2);
        JsonNode results = reviewer.get("/v1/annotation-tasks/" + taskId + "/results").body();
        for (JsonNode result : results.path("items")) {
            assertThat(result.path("labels")).as("the low-confidence pedestrian is dropped").hasSize(1);
            reviewer.post("/v1/annotation-results/" + result.path("resultId").asText() + "/approve", null);
        }
        awaitTask(taskId, "COMPLETED");

        try (KafkaTap kafka = new KafkaTap(tenant, List.of("annotation.task-created", "annotation.prelabel-completed", "annotation.approved"))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(kafka.on("annotation.task-created")).anyMatch(r -> r.key().equals(taskId));
                assertThat(kafka.on("annotation.prelabel-completed")).anyMatch(r -> r.key().equals(taskId));
                assertThat(kafka.on("annotation.approved").stream()
                        .filter(r -> r.cloudEvent().at("/data/taskId").asText().equals(taskId))).hasSize(2);
            });
        }

        Api.Download coco = manager.download("/v1/annotation-tasks/" + taskId + "/export?format=coco");
        assertThat(coco.status()).isEqualTo(200);
        keep("coco.json", coco.body());
        JsonNode doc = JSON.readTree(coco.body());
        assertThat(doc.path("images")).hasSize(2);
        assertThat(doc.path("annotations")).hasSize(2);
        assertThat(doc.path("categories")).hasSize(1);
        assertThat(doc.at("/categories/0/name").asText()).isEqualTo("car");
        for (JsonNode image : doc.path("images")) {
            assertThat(image.path("width").asInt()).isIn(640, 320);
            assertThat(image.path("file_name").asText()).endsWith(".png");
        }
        for (JsonNode annotation : doc.path("annotations")) {
            JsonNode image = doc.path("images").get(annotation.path("image_id").asInt() - 1);
            assertThat(annotation.at("/bbox/2").asDouble()).isEqualTo(image.path("width").asInt() / 2.0);
            assertThat(annotation.path("area").asDouble()).isPositive();
            assertThat(annotation.path("category_id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aDataFlowTurnsMatchingIngestionsIntoPreLabelledAnnotationTasks() {
        Api.Response flow = manager.post("/v1/data-flows", Map.of("name", "new lidar to boxes",
                "flowRule", Map.of("modality", "LIDAR", "pathPattern", "flowed/**.bin"),
                "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_3D", "runPreLabeling", true,
                        "preLabelConfig", Map.of("labeler", "BUILTIN_LIDAR", "minConfidence", 0.2))));
        assertThat(flow.status()).as(flow.raw()).isEqualTo(201);
        String flowId = flow.json("/flowId").asText();
        assertThat(reviewer.post("/v1/data-flows", Map.of("name", "x", "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_3D")))
                .status()).isEqualTo(403);
        assertThat(manager.post("/v1/data-flows", Map.of("name", "bad", "flowRule", Map.of("pathPattern", "[unclosed"),
                "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_3D"))).json("/errors/0/field").asText())
                .isEqualTo("flowRule.pathPattern");

        Map<String, byte[]> scans = new HashMap<>();
        scans.put("s/000010.bin", SyntheticScenes.generate(210).cloud().toKittiBin());
        scans.put("s/000011.bin", SyntheticScenes.generate(211).cloud().toKittiBin());
        scans.put("s/notes.txt", "not a scan".getBytes(StandardCharsets.UTF_8));
        ingest("flowed", scans, "LIDAR");

        JsonNode[] task = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode t : manager.get("/v1/annotation-tasks?size=100").json("/items")) {
                if (t.path("origin").asText().equals("data-flow:" + flowId) && t.path("status").asText().equals("IN_REVIEW")) {
                    task[0] = t;
                    return true;
                }
            }
            return false;
        });
        assertThat(task[0].path("assetCount").asInt()).as("only the .bin scans match the rule").isEqualTo(2);
        assertThat(task[0].path("resultCount").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode f : manager.get("/v1/data-flows").json("/items")) {
                if (f.path("flowId").asText().equals(flowId)) return f.path("dispatchCount").asInt() == 1;
            }
            return false;
        });
    }

    /** Kept under target/exports for a look with the tools of those formats (pycocotools, KITTI devkit). */
    private static void keep(String name, byte[] content) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "exports");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), content);
    }

    private static String hmac(String content) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(WebhookReceiver.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(width / 2, height / 2, 0xFF8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
