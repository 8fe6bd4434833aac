package io.fleetloop.command.ota;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A release task holds every device's result, and every device feedback is a command to it: the aggregate stays
 * cached between commands instead of being rebuilt from its (up to hundreds of thousands of) events each time.
 * On a rollback of a unit of work Axon evicts the entry, so the cache never holds uncommitted state.
 */
@Configuration
class OtaConfiguration {

    @Bean
    Cache releaseTaskCache() {
        return new WeakReferenceCache();
    }
}
