package io.fleetloop.api.ota;

import java.util.List;

public record DeploymentBatchesResponse(List<DeploymentBatchView> items) {
}
