package io.fleetloop.api.orchestration;

/** The kind of work a data flow dispatched. */
public enum OrchestrationTaskType { ANNOTATION }
