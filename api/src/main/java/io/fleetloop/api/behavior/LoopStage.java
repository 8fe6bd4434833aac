package io.fleetloop.api.behavior;

/**
 * The milestones of one closed loop as the KPI counts them, in order: the first of the decision's problem samples was
 * identified, the feedback decision was made, the backfilled data was ingested, annotated (approved), exported as a
 * dataset, a model trained on it was announced, and its rollout completed.
 */
public enum LoopStage { IDENTIFIED, DECIDED, DATA_INGESTED, ANNOTATED, EXPORTED, MODEL_READY, ROLLOUT_COMPLETED }
