package io.fleetloop.command.metering;

import io.fleetloop.api.metering.Price;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code fleetloop.metering.default-prices}: the price list every tenant's account opens with. Unset, the platform's
 * list below applies (prices in credits per unit).
 */
@ConfigurationProperties("fleetloop.metering")
public record MeteringProperties(List<Price> defaultPrices) {

    public MeteringProperties {
        defaultPrices = defaultPrices == null || defaultPrices.isEmpty() ? List.of(
                new Price("ingested-bytes", "byte", new BigDecimal("0.00000002")),
                new Price("ingested-objects", "object", new BigDecimal("0.0001")),
                new Price("prelabeled-assets", "asset", new BigDecimal("0.01")),
                new Price("exported-items", "item", new BigDecimal("0.001")),
                new Price("storage-gb-days", "GB-day", new BigDecimal("0.0008")),
                new Price("worker-seconds", "second", new BigDecimal("0.0001")),
                new Price("simulation-cpu-seconds", "core-second", new BigDecimal("0.0001")),
                new Price("simulation-items", "item", new BigDecimal("0.001"))) : List.copyOf(defaultPrices);
    }
}
