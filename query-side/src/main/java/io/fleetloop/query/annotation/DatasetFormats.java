package io.fleetloop.query.annotation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationResultView;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.catalog.AssetView;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writers of the export formats: COCO JSON (2D boxes) and KITTI label files in a zip (3D boxes). */
final class DatasetFormats {

    /** One approved result with the raw asset it labels. */
    record Item(AnnotationResultView result, AssetView asset, String fileName, int width, int height) {
    }

    private DatasetFormats() {
    }

    /**
     * COCO object detection: images (file name = the asset's name in the platform bucket, size read from the
     * image header), categories in first-seen order, one annotation per box with {@code bbox [x,y,w,h]},
     * {@code area}, {@code iscrowd 0} and the labeler's {@code score}.
     */
    static void writeCoco(List<Item> items, String taskId, ObjectMapper json, OutputStream out) throws IOException {
        Map<String, Integer> categories = new LinkedHashMap<>();
        items.forEach(i -> i.result().labels().forEach(l -> categories.computeIfAbsent(l.category(), c -> categories.size() + 1)));
        try (JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("info");
            g.writeStringField("description", "Fleetloop annotation task " + taskId + " (approved results only)");
            g.writeEndObject();
            g.writeArrayFieldStart("images");
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                g.writeStartObject();
                g.writeNumberField("id", i + 1);
                g.writeStringField("file_name", item.fileName());
                g.writeNumberField("width", item.width());
                g.writeNumberField("height", item.height());
                g.writeStringField("fleetloop_asset_id", item.asset().assetId());
                g.writeStringField("fleetloop_result_id", item.result().resultId());
                g.writeNumberField("fleetloop_revision", item.result().revision());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("annotations");
            int id = 0;
            for (int i = 0; i < items.size(); i++) {
                for (Label label : items.get(i).result().labels()) {
                    if (label.box2d() == null) continue;
                    Label.Box2D b = label.box2d();
                    g.writeStartObject();
                    g.writeNumberField("id", ++id);
                    g.writeNumberField("image_id", i + 1);
                    g.writeNumberField("category_id", categories.get(label.category()));
                    g.writeArrayFieldStart("bbox");
                    g.writeNumber(b.x());
                    g.writeNumber(b.y());
                    g.writeNumber(b.width());
                    g.writeNumber(b.height());
                    g.writeEndArray();
                    g.writeNumberField("area", b.width() * b.height());
                    g.writeNumberField("iscrowd", 0);
                    g.writeArrayFieldStart("segmentation");
                    g.writeEndArray();
                    g.writeNumberField("score", label.confidence());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            for (var category : categories.entrySet()) {
                g.writeStartObject();
                g.writeNumberField("id", category.getValue());
                g.writeStringField("name", category.getKey());
                g.writeStringField("supercategory", "object");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /**
     * KITTI object labels: {@code label_2/<frame>.txt} per frame, one line per box
     * ({@code type truncated occluded alpha bbox(4) h w l x y z rotation_y score}) in KITTI's camera frame, plus
     * {@code calib/<frame>.txt} whose {@code Tr_velo_to_cam} is the axis change used (no extrinsic calibration is
     * known, so camera and LiDAR share their origin), and {@code manifest.json} with the lineage of every frame.
     */
    static void writeKitti(List<Item> items, String taskId, ObjectMapper json, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            List<Map<String, Object>> manifest = new java.util.ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                String frame = String.format(Locale.ROOT, "%06d", i);
                StringBuilder lines = new StringBuilder();
                for (Label label : item.result().labels()) {
                    if (label.box3d() == null) continue;
                    Label.Box3D b = label.box3d();
                    double camX = -b.y();
                    double camY = -(b.z() - b.height() / 2);   // KITTI locates the bottom centre; camera y points down
                    double camZ = b.x();
                    double rotationY = normalize(-b.yaw() - Math.PI / 2);
                    double alpha = normalize(rotationY - Math.atan2(camX, camZ));
                    lines.append(String.format(Locale.ROOT, "%s 0.00 0 %.2f 0.00 0.00 0.00 0.00 %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.4f%n",
                            label.category().replace(' ', '_'), alpha, b.height(), b.width(), b.length(), camX, camY, camZ, rotationY,
                            label.confidence()));
                }
                entry(zip, "label_2/" + frame + ".txt", lines.toString().getBytes(StandardCharsets.UTF_8));
                entry(zip, "calib/" + frame + ".txt", CALIB.getBytes(StandardCharsets.UTF_8));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("frame", frame);
                row.put("assetId", item.asset().assetId());
                row.put("storagePath", item.asset().storagePath());
                row.put("resultId", item.result().resultId());
                row.put("revision", item.result().revision());
                manifest.add(row);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("annotationTaskId", taskId);
            doc.put("frames", manifest);
            entry(zip, "manifest.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        }
    }

    private static final long FIXED_TIME = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();

    private static final String CALIB = """
            P0: 7.215377e+02 0.000000e+00 6.095593e+02 0.000000e+00 0.000000e+00 7.215377e+02 1.728540e+02 0.000000e+00 0.000000e+00 0.000000e+00 1.000000e+00 0.000000e+00
            P1: 7.215377e+02 0.000000e+00 6.095593e+02 0.000000e+00 0.000000e+00 7.215377e+02 1.728540e+02 0.000000e+00 0.000000e+00 0.000000e+00 1.000000e+00 0.000000e+00
            P2: 7.215377e+02 0.000000e+00 6.095593e+02 0.000000e+00 0.000000e+00 7.215377e+02 1.728540e+02 0.000000e+00 0.000000e+00 0.000000e+00 1.000000e+00 0.000000e+00
            P3: 7.215377e+02 0.000000e+00 6.095593e+02 0.000000e+00 0.000000e+00 7.215377e+02 1.728540e+02 0.000000e+00 0.000000e+00 0.000000e+00 1.000000e+00 0.000000e+00
            R0_rect: 1.0 0.0 0.0 0.0 1.0 0.0 0.0 0.0 1.0
            Tr_velo_to_cam: 0.0 -1.0 0.0 0.0 0.0 0.0 -1.0 0.0 1.0 0.0 0.0 0.0
            Tr_imu_to_velo: 1.0 0.0 0.0 0.0 0.0 1.0 0.0 0.0 0.0 0.0 1.0 0.0
            """;

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(FIXED_TIME); // the same labels must give the same bytes (content-addressed dataset versions)
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static double normalize(double angle) {
        double a = angle;
        while (a > Math.PI) a -= 2 * Math.PI;
        while (a <= -Math.PI) a += 2 * Math.PI;
        return a;
    }

    /** Width and height from a PNG or JPEG header; 0×0 when the format is not recognised. */
    static int[] imageSize(InputStream in) throws IOException {
        byte[] head = in.readNBytes(64 * 1024);
        if (head.length >= 24 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return new int[]{int32(head, 16), int32(head, 20)};
        }
        if (head.length > 4 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
            int i = 2;
            while (i + 9 < head.length) {
                if ((head[i] & 0xFF) != 0xFF) { i++; continue; }
                int marker = head[i + 1] & 0xFF;
                int length = ((head[i + 2] & 0xFF) << 8) | (head[i + 3] & 0xFF);
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    int height = ((head[i + 5] & 0xFF) << 8) | (head[i + 6] & 0xFF);
                    int width = ((head[i + 7] & 0xFF) << 8) | (head[i + 8] & 0xFF);
                    return new int[]{width, height};
                }
                i += 2 + length;
            }
        }
        return new int[]{0, 0};
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
