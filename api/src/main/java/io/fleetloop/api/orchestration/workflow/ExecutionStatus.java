package io.fleetloop.api.orchestration.workflow;

/**
 * The one status dictionary for workflow runs and node executions (seed 003 §9.1 item 1: the back end's statuses are
 * the only truth; the UI, REST, GraphQL and SSE all show these names). A run or node moves
 * {@code PENDING → QUEUED → RUNNING → (RETRYING → QUEUED →)* SUCCEEDED | FAILED | CANCELLED}; a node whose upstream
 * failed or was cancelled ends {@code SKIPPED}. A run refused at dispatch (quota, disabled workflow) ends {@code REFUSED}.
 */
public enum ExecutionStatus {
    PENDING, QUEUED, RUNNING, RETRYING, SUCCEEDED, FAILED, CANCELLED, SKIPPED, REFUSED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED || this == REFUSED;
    }
}
