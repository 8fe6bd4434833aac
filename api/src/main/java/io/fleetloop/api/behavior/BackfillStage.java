package io.fleetloop.api.behavior;

/**
 * The stages of one closed loop (seed 000 §10), in order, after the decision: the backfill's ingestion started and
 * completed, its assets were annotated (approved), a dataset was exported, a model trained on it was announced
 * (model-ready webhook), its release started rolling out and completed (OTAClosedLoopCompleted).
 */
public enum BackfillStage { INGESTION_STARTED, DATA_INGESTED, ANNOTATED, EXPORTED, MODEL_READY, ROLLOUT_STARTED, ROLLOUT_COMPLETED }
