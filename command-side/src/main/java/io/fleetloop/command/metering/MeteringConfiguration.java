package io.fleetloop.command.metering;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MeteringConfiguration {

    /** Handed to {@link TenantAccount}'s handlers as a parameter: the aggregate itself knows no configuration. */
    @Bean
    DefaultPriceList defaultPriceList(MeteringProperties properties) {
        return new DefaultPriceList(properties.defaultPrices());
    }
}
