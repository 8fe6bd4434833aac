package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;

/** Events of the Operator aggregate. */
public interface OperatorEvent extends TenantOwned {
    OperatorId operatorId();
}
