package io.fleetloop.api.orchestration.workflow;

/** A workflow's own state: only an ENABLED workflow starts runs (manual, schedule or event); the switch is immediate. */
public enum WorkflowState { ENABLED, DISABLED }
