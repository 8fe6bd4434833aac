package io.fleetloop.api.orchestration.workflow;

/** What a node asks for when it runs (and what quotas and cost are reckoned against): CPU in millicores, memory in MiB. */
public record ResourceRequest(int cpuMillis, int memoryMb) {
    public static final ResourceRequest DEFAULT = new ResourceRequest(1000, 512);
}
