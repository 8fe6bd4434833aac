package io.fleetloop.platform.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL event store as Axon's auto-configuration builds it, with a larger fetch batch: a streaming processor
 * that is behind the head (a replay) reads {@code fleetloop.event-store.fetch-batch-size} events per query instead of
 * Axon's 100. Not used on Axon Server ({@code axon.axonserver.enabled=true}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class EventStoreTuning {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, EventSchema eventSchema,
                                          @Value("${fleetloop.event-store.fetch-batch-size:1000}") int fetchBatchSize,
                                          @Value("${fleetloop.event-store.gap-max-offset:200000}") int gapMaxOffset,
                                          @Value("${fleetloop.event-store.gap-timeout-ms:600000}") int gapTimeoutMs) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .batchSize(fetchBatchSize)
                // A gap in the global index is an append still in flight (or rolled back). Axon gives up on a gap
                // 10,000 entries behind the head or 60 s old and its events are then never handled; group commits
                // of 1,000 device reports or asset registrations appended side by side on a loaded machine reach
                // both. Wait longer before treating a gap as a rollback.
                .maxGapOffset(gapMaxOffset)
                .gapTimeout(gapTimeoutMs)
                .build();
    }
}
