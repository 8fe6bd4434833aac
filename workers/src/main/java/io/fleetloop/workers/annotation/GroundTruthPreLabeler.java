package io.fleetloop.workers.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.errors.ErrorResponseException;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000 §5 step 11: simulated data needs no model — its labels are known. For a point cloud at
 * {@code .../<name>.bin} (or {@code .pcd}) this labeler reads {@code ground-truth.json} in the same folder (written
 * by the simulation job, format {@code fleetloop-ground-truth/1}) and returns its boxes with confidence 1; boxes the
 * sensor did not see ({@code pointCount} 0) are left out. No ground truth next to the asset fails the asset.
 */
@Component
class GroundTruthPreLabeler implements PreLabeler {

    static final String FILE = "ground-truth.json";

    private final PlatformObjectStore store;
    private final ObjectMapper json;

    GroundTruthPreLabeler(PlatformObjectStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public PreLabelConfig.Labeler kind() {
        return PreLabelConfig.Labeler.GROUND_TRUTH;
    }

    @Override
    public String name(PreLabelConfig config) {
        return "ground-truth/1";
    }

    @Override
    public List<Label> label(String assetId, InputStream content, long size, AnnotationType type, PreLabelConfig config) {
        throw new IllegalStateException("the ground-truth labeler needs the asset's object key");
    }

    @Override
    public List<Label> label(String assetId, String objectKey, InputStream content, long size, AnnotationType type, PreLabelConfig config)
            throws Exception {
        String key = objectKey.substring(0, objectKey.lastIndexOf('/') + 1) + FILE;
        JsonNode truth;
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build())) {
            truth = json.readTree(object);
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) throw new IllegalStateException("no " + FILE + " next to the asset");
            throw e;
        }
        return labels(truth);
    }

    static List<Label> labels(JsonNode truth) {
        if (!truth.path("format").asText().startsWith("fleetloop-ground-truth/")) {
            throw new IllegalStateException(FILE + " is not in the fleetloop-ground-truth format");
        }
        List<Label> labels = new ArrayList<>();
        for (JsonNode box : truth.path("boxes")) {
            if (box.path("pointCount").asInt(1) <= 0) continue;
            JsonNode b = box.path("box3d");
            labels.add(new Label(box.path("category").asText(), null, new Label.Box3D(b.path("x").asDouble(), b.path("y").asDouble(),
                    b.path("z").asDouble(), b.path("length").asDouble(), b.path("width").asDouble(), b.path("height").asDouble(),
                    b.path("yaw").asDouble()), 1.0));
        }
        return labels;
    }
}
