package io.fleetloop.api.lineage;

/** Kinds of node in the lineage graph; later contexts (simulation, models, releases, devices) add theirs. */
public enum LineageNodeType {
    SOURCE, INGESTION_TASK, ASSET, ANNOTATION_TASK, ANNOTATION_RESULT, DATASET, BEHAVIOR_SESSION, PROBLEM_SAMPLE, FEEDBACK_DECISION,
    MODEL_VERSION, RELEASE_TASK, DEVICE, DATA_FLOW
}
