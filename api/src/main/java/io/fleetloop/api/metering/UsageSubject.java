package io.fleetloop.api.metering;

/**
 * What a usage is charged to: the tenant, the loop context that used it ({@link LoopContext}), the task or job, and
 * optionally the workflow run and node (set by workflow runs; null for the platform's own jobs).
 */
public record UsageSubject(String tenantId, LoopContext context, String taskId, String runId, String nodeId) {

    public static UsageSubject ofTask(String tenantId, LoopContext context, String taskId) {
        return new UsageSubject(tenantId, context, taskId, null, null);
    }
}
