package io.fleetloop.platform.axon;

import io.fleetloop.command.common.AggregateCacheVerification;
import io.fleetloop.command.common.DomainErrors;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.core.annotation.Order;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** How Fleetloop's messages are handled: errors, metadata, caching, retries. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /** The subscribing processor that keeps every lookup table of the command side, in the command's transaction. */
    static final String COMMAND_LOOKUPS = "command-lookups";
    /**
     * The command side's processing groups, each kept by one context. One registration event is handled by three of them
     * (the annotation, behaviour and catalog asset directories), a device's update report and an ingested object by two:
     * as one processor they share one unit of work per published batch instead of one each.
     */
    static final List<String> COMMAND_LOOKUP_GROUPS = List.of("ingestion-lookup", "annotation-lookup", "ddi-lookup",
            "device-lookup", "behavior-lookup", "metering-lookup", "catalog-lookup", "workflow-lookup");

    /** Time is injected into handlers, never read from the wall clock inside them. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Long-running ingestion tasks receive a command per object: keep them in memory between commands. */
    @Bean
    Cache ingestionTaskCache(AggregateCacheVerification verification) {
        return verification.verified(new WeakReferenceCache());
    }

    /** Who acted and for which tenant travels with every message a message causes. */
    @Bean
    CorrelationDataProvider operatorCorrelation() {
        return new SimpleCorrelationDataProvider(CallerMetaData.OPERATOR, CallerMetaData.TENANT);
    }

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /**
     * An event handler that fails is retried (with back-off) instead of skipping the event: a projection or
     * a process must never silently lose an event.
     */
    @Bean
    ConfigurerModule eventErrorPolicy() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /** The command side's lookup groups run in the one subscribing processor {@value #COMMAND_LOOKUPS}. */
    @Bean
    ConfigurerModule commandLookupsInOneProcessor() {
        return configurer -> configurer.eventProcessing(processing ->
                COMMAND_LOOKUP_GROUPS.forEach(group -> processing.assignProcessingGroup(group, COMMAND_LOOKUPS)));
    }

    /** Axon registers interceptor beans on the buses: refusals cross the bus with their error details. */
    @Bean
    @Order(1)
    DomainErrors domainErrors() {
        return new DomainErrors();
    }

    /** Commands sent while serving a request carry the caller's operator name and tenant. */
    @Bean
    CallerMetaData callerMetaData() {
        return new CallerMetaData();
    }
}
