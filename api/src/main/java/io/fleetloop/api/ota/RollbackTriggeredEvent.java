package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Seed 001 §4.2 RollbackTriggered: the devices that installed or were installing the version go back to
 * previousVersionId. {@code actionIds} are the rollback actions' DDI ids, one per device in the order of
 * {@code deviceIds} (revision 2; see {@link DeploymentBatchStartedEvent}).
 */
@Revision("2")
public record RollbackTriggeredEvent(ReleaseTaskId taskId, String tenantId, String previousVersionId, List<String> deviceIds,
                                     String reason, boolean automatic, Instant triggeredAt, List<Integer> actionIds) implements TenantOwned {
}
