package io.fleetloop.api.orchestration;

import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;

/**
 * What a flow does: ANNOTATE (an annotation task over a matching ingestion's new assets, optionally pre-labelled at once) or
 * COLLECT (the flow's trigger runs on the selected devices, which record clips; the annotation fields are unused).
 */
public record FlowAction(Type type, AnnotationType annotationType, PreLabelConfig preLabelConfig, QcPolicy qcPolicy, boolean runPreLabeling) {

    public enum Type { ANNOTATE, COLLECT }
}
