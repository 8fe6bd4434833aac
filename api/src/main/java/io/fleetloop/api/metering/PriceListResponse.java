package io.fleetloop.api.metering;

import java.util.List;

/** Every version of the tenant's price list, oldest first; {@code inForce} is the version that prices usage now (0: none yet, the defaults apply). */
public record PriceListResponse(int inForce, List<PriceListVersion> versions) {
}
