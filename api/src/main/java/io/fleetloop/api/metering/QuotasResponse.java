package io.fleetloop.api.metering;

import java.util.List;

public record QuotasResponse(List<QuotaView> quotas) {
}
