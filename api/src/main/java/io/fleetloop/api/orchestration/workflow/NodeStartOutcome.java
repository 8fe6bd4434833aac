package io.fleetloop.api.orchestration.workflow;

/**
 * The run's answer to a worker that wants to start a node's attempt: STARTED (go), LOST (this attempt had started
 * before and its worker was lost: the job reports it failed, and the retry policy decides), STALE (not the node's
 * current attempt, or the run is no longer running: do nothing).
 */
public enum NodeStartOutcome { STARTED, LOST, STALE }
