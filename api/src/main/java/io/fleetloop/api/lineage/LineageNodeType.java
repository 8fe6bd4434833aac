package io.fleetloop.api.lineage;

/** Kinds of node in the lineage graph; later contexts (simulation, models, releases, devices) add theirs. */
public enum LineageNodeType {
    SOURCE, INGESTION_TASK, ASSET, ANNOTATION_TASK, ANNOTATION_RESULT, DATASET, BEHAVIOR_SESSION, PROBLEM_SAMPLE, FEEDBACK_DECISION,
    MODEL_VERSION, RELEASE_TASK, DEVICE, SIMULATION_SCENARIO, SIMULATION_TASK, DATA_FLOW,
    /** workflow runs (issue 13): a run, one node of a run ({@code runId/nodeId}), an artifact a node produced */
    WORKFLOW_RUN, WORKFLOW_NODE, ARTIFACT
}
