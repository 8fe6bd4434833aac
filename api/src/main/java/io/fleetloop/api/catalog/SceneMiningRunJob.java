package io.fleetloop.api.catalog;

/** The request of the scene-mining job (queued by the launcher in sagas, run by a worker). */
public record SceneMiningRunJob(SceneMiningRequestedEvent requested, String operator) {

    public static final String NAME = "catalog-scene-mining";

    public String instanceId() {
        return requested.jobId().value();
    }
}
