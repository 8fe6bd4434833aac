package io.fleetloop.api.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The request of the scene-mining job (queued by the launcher in sagas, run by a worker): which job, for whom. The
 * worker reads what to mine from the job's own {@link SceneMiningRequestedEvent} when the job runs. The request is
 * kept small on purpose: it is the scheduler's task data, which its poller reads (and holds) for every due job, and a
 * job's requested event lists up to 10,000 assets (about 3 MB).
 *
 * @param requested the whole request, as jobs queued by earlier versions carried it (read as such); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SceneMiningRunJob(SceneMiningJobId jobId, String tenantId, String operator, SceneMiningRequestedEvent requested) {

    public static final String NAME = "catalog-scene-mining";

    public SceneMiningRunJob {
        if (requested != null) {
            jobId = requested.jobId();
            tenantId = requested.tenantId();
        }
        if (jobId == null || tenantId == null) throw new IllegalArgumentException("a scene-mining run names its job and tenant");
    }

    /** The run of a requested job. */
    public static SceneMiningRunJob of(SceneMiningRequestedEvent requested, String operator) {
        return new SceneMiningRunJob(requested.jobId(), requested.tenantId(), operator, null);
    }

    public String instanceId() {
        return jobId.value();
    }
}
