package io.fleetloop.workers.annotation;

import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.workers.annotation.labeling.Box3D;
import io.fleetloop.workers.annotation.labeling.LidarBoxLabeler;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.util.List;

/** 3D boxes from a KITTI velodyne {@code .bin} point cloud by geometry alone (no model weights); see labeling/. */
@Component
class BuiltinLidarPreLabeler implements PreLabeler {

    private final LidarBoxLabeler labeler = new LidarBoxLabeler();

    @Override
    public PreLabelConfig.Labeler kind() {
        return PreLabelConfig.Labeler.BUILTIN_LIDAR;
    }

    @Override
    public String name(PreLabelConfig config) {
        return "builtin-lidar/1";
    }

    @Override
    public List<Label> label(String assetId, InputStream content, long size, AnnotationType type, PreLabelConfig config) throws Exception {
        List<Box3D> boxes = labeler.label(content);
        return boxes.stream().filter(b -> b.confidence() >= config.minConfidence() && b.length() > 0 && b.width() > 0 && b.height() > 0)
                .map(b -> new Label(b.category(), null, new Label.Box3D(b.x(), b.y(), b.z(), b.length(), b.width(), b.height(), b.yaw()),
                        Math.round(b.confidence() * 1000) / 1000.0))
                .toList();
    }
}
