package io.fleetloop.api.metering;

import java.math.BigDecimal;

/**
 * The price of one unit of a resource. A resource {@code a:b} (e.g. {@code prelabeled-assets:builtin-lidar}) is
 * priced by its own entry, else by the entry of {@code a}.
 */
public record Price(String resource, String unit, BigDecimal unitPrice) {
}
