package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;

/** Events of one scene-mining job. */
public interface SceneMiningEvent extends TenantOwned {
    SceneMiningJobId jobId();
}
