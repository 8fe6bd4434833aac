package io.fleetloop.command.metering;

import io.fleetloop.command.common.RecentAggregates;
import org.axonframework.common.caching.Cache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MeteringConfiguration {

    /** Handed to {@link TenantAccount}'s handlers as a parameter: the aggregate itself knows no configuration. */
    @Bean
    DefaultPriceList defaultPriceList(MeteringProperties properties) {
        return new DefaultPriceList(properties.defaultPrices());
    }

    /**
     * Every metered job step is a command to its tenant's account, so without a cache each one would replay the
     * tenant's whole usage stream (quadratic in the number of usages). The 256 most recently used accounts stay in
     * memory between commands; Axon evicts an entry when a unit of work rolls back, and on several nodes a stale
     * entry fails its append on the event store's (aggregate, sequence) key, is evicted and the command is retried.
     */
    @Bean
    Cache tenantAccountCache() {
        return new RecentAggregates(256);
    }
}
