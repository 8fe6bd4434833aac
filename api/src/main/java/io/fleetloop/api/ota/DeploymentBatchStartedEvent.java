package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The batch's devices get their update actions. {@code actionIds} are the DDI action ids, one per device in the
 * order of {@code deviceIds}, each in 1…2,147,483,647 (hawkBit clients keep them in a C {@code int}); they are
 * allocated when the batch starts, so a replay reproduces them. Revision 2 added them; older events get them from the
 * upgrade's mapping (see {@code LegacyActionIdUpcaster}).
 */
@Revision("2")
public record DeploymentBatchStartedEvent(ReleaseTaskId taskId, String tenantId, DeploymentBatchId batchId, int batchIndex,
                                          List<String> deviceIds, Instant startedAt, List<Integer> actionIds) implements TenantOwned {
}
