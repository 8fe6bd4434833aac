package io.fleetloop.workers.annotation;

import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelConfig;

import java.io.InputStream;
import java.util.List;

/** Produces pre-labels for one asset's content. */
interface PreLabeler {

    PreLabelConfig.Labeler kind();

    /** A name recorded with each result (e.g. {@code builtin-lidar/1}, {@code http:<endpoint>}). */
    String name(PreLabelConfig config);

    List<Label> label(String assetId, InputStream content, long size, AnnotationType type, PreLabelConfig config) throws Exception;

    /** The same, knowing the object's key in the platform's bucket (a labeler may read objects next to it). */
    default List<Label> label(String assetId, String objectKey, InputStream content, long size, AnnotationType type, PreLabelConfig config)
            throws Exception {
        return label(assetId, content, size, type, config);
    }
}
