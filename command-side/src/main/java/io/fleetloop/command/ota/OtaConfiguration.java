package io.fleetloop.command.ota;

import io.fleetloop.command.common.AggregateCacheVerification;
import io.fleetloop.command.common.RecentAggregates;
import org.axonframework.common.caching.Cache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A release task holds every device's result, and every device feedback is a command to it: the aggregate stays
 * cached between commands instead of being rebuilt from its (up to hundreds of thousands of) events each time.
 * On a rollback of a unit of work Axon evicts the entry, so the cache never holds uncommitted state. The 64 most
 * recently used releases stay in memory (strongly: a weak cache loses them at every garbage collection), each used
 * only while no other node has appended to it since ({@link AggregateCacheVerification}).
 */
@Configuration
class OtaConfiguration {

    @Bean
    Cache releaseTaskCache(AggregateCacheVerification verification) {
        return verification.verified(new RecentAggregates(64));
    }
}
