package io.fleetloop.command.common;

import org.axonframework.common.caching.Cache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Aggregates that receive one command per item of long work (a simulation item, a parsed log file, a workflow node's
 * progress, a workflow's run starts) stay in memory between those commands instead of being rebuilt from their whole, growing stream each time
 * (which makes long work quadratic). Each is a {@link RecentAggregates} of its own type. Axon evicts an entry when a
 * unit of work rolls back, so a cache never holds uncommitted state; on several nodes an entry another node has
 * appended to since is dropped when it is read ({@link AggregateCacheVerification}).
 */
@Configuration(proxyBeanMethods = false)
class AggregateCaches {

    /** Every metered job step is a command to its tenant's account. */
    @Bean
    Cache tenantAccountCache(AggregateCacheVerification verification) {
        return verification.verified(new RecentAggregates(256));
    }

    @Bean
    Cache simulationTaskCache(AggregateCacheVerification verification) {
        return verification.verified(new RecentAggregates(64));
    }

    @Bean
    Cache logBatchCache(AggregateCacheVerification verification) {
        return verification.verified(new RecentAggregates(256));
    }

    /** Every run start (manual, scheduled, event-triggered) is decided by its workflow. */
    @Bean
    Cache workflowCache(AggregateCacheVerification verification) {
        return verification.verified(new RecentAggregates(1024));
    }

    @Bean
    Cache workflowRunCache(AggregateCacheVerification verification) {
        return verification.verified(new RecentAggregates(2048));
    }
}
