package io.fleetloop.api.orchestration;

import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;

/** What a matching ingestion triggers: for now ANNOTATE (an annotation task over the new assets, optionally pre-labelled at once). */
public record FlowAction(Type type, AnnotationType annotationType, PreLabelConfig preLabelConfig, QcPolicy qcPolicy, boolean runPreLabeling) {

    public enum Type { ANNOTATE }
}
