package io.fleetloop.platform.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Axon's sequenced dead-letter queue on the projections' processing groups (every {@code @ProcessingGroup} under
 * {@code io.fleetloop.projections}, plus {@code fleetloop.dead-letters.extra-groups}): an event whose handler throws is
 * parked (after {@link ProjectionHandlerRetries}) with every later event of its sequence (its aggregate) in {@code dead_letter_entry}, while other sequences go on.
 * Processes and publishers keep retrying instead ({@link AxonConfiguration#eventErrorPolicy()}): they must not skip a step.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** Sequences (aggregates) per segment remembered as not parked, when the queue held letters at the segment's claim. */
    private static final int SEQUENCE_CACHE_SIZE = 100_000;

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry").deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group").sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index").messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier").timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision").payloadColumn("payload")
                .metaDataColumn("meta_data").aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type").tokenColumn("token").enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched").processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type").causeMessageColumn("cause_message").diagnosticsColumn("diagnostics")
                .build();
    }

    @Bean
    ProjectionGroups projectionGroups(Environment environment) {
        Set<String> groups = new TreeSet<>();
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ProcessingGroup.class));
        for (var definition : scanner.findCandidateComponents("io.fleetloop.projections")) {
            try {
                groups.add(Class.forName(definition.getBeanClassName()).getAnnotation(ProcessingGroup.class).value());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        Arrays.stream(environment.getProperty("fleetloop.dead-letters.extra-groups", String[].class, new String[0]))
                .map(String::trim).filter(name -> !name.isEmpty()).forEach(groups::add);
        return new ProjectionGroups(Set.copyOf(groups));
    }

    @Bean
    ProjectionHandlerRetries projectionHandlerRetries(ProjectionGroups projections, Environment environment) {
        return new ProjectionHandlerRetries(projections, environment.getProperty("fleetloop.dead-letters.retries", Integer.class, 2));
    }

    @Bean
    ConfigurerModule projectionDeadLetters(ProjectionGroups projections, DeadLetterSchema schema, ConnectionProvider connections,
                                           TransactionManager transactions, @Qualifier("serializer") Serializer serializer,
                                           @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String group : projections.names()) {
                processing.registerDeadLetterQueue(group, c -> deadLetterQueue(group, schema, connections, transactions, serializer, eventSerializer));
                // Without the cache the invoker asks dead_letter_entry "is this event's sequence parked?" once per event
                // (half the replay time of asset-catalog, docs/performance.md); with it, per claimed segment, only while
                // the queue holds letters, and then once per sequence it has not seen yet.
                processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                        (c, invoker) -> invoker.enableSequenceIdentifierCache().sequenceIdentifierCacheSize(SEQUENCE_CACHE_SIZE));
                processing.registerDeadLetterPolicy(group, c -> new DependencyOutagePolicy());
            }
        });
    }

    private static SequencedDeadLetterQueue<EventMessage<?>> deadLetterQueue(String group, DeadLetterSchema schema, ConnectionProvider connections,
                                                                            TransactionManager transactions, Serializer serializer,
                                                                            Serializer eventSerializer) {
        return JdbcSequencedDeadLetterQueue.builder().processingGroup(group).schema(schema).connectionProvider(connections)
                .transactionManager(transactions).genericSerializer(serializer).eventSerializer(eventSerializer).build();
    }
}
