package io.fleetloop.command.orchestration.run;

import io.fleetloop.command.objectstore.PlatformObjectStore;

/** Where a node attempt's artifacts live in the object store, under the tenant's prefix. */
public final class WorkflowArtifacts {

    private WorkflowArtifacts() {
    }

    /** {@code tenants/<tenant>/workflow-runs/<run>/<node>/<attempt>/<name>} */
    public static String key(String tenantId, String runId, String nodeId, int attempt, String name) {
        return PlatformObjectStore.tenantPrefix(tenantId) + "workflow-runs/" + runId + "/" + nodeId + "/" + attempt + "/" + name;
    }
}
