package io.fleetloop.api.orchestration;

/** The kind of work a data flow dispatched (ANNOTATION), or a backfill started (INGESTION, with no flow). */
public enum OrchestrationTaskType { ANNOTATION, INGESTION }
