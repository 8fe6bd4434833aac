package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;

/** Events of one ingestion task. */
public interface IngestionTaskEvent extends TenantOwned {
    IngestionTaskId taskId();
}
