package io.fleetloop.platform.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Axon's JDBC storage on the snake_case tables that Flyway creates (V2026112201__axon_event_store.sql);
 * Axon's defaults are CamelCase names, which PostgreSQL folds to lower case.
 */
@Configuration(proxyBeanMethods = false)
class AxonJdbcSchemas {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type")
                .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                .payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry").setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                .setTokenColumn("token").setTokenTypeColumn("token_type").setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    RecentlyEndedSagas sagaStore(ConnectionProvider connectionProvider, @Qualifier("serializer") Serializer serializer, Clock clock) {
        SagaSchema schema = SagaSchema.builder()
                .sagaEntryTable("saga_entry").revisionColumn("revision").serializedSagaColumn("serialized_saga")
                .associationValueEntryTable("association_value_entry").associationKeyColumn("association_key")
                .associationValueColumn("association_value").sagaIdColumn("saga_id").sagaTypeColumn("saga_type")
                .build();
        SagaStore<Object> store = JdbcSagaStore.builder().connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema(schema)).serializer(serializer).build();
        return new RecentlyEndedSagas(store, saga -> SagaAdminController.state(serializer, saga), clock); // the console's "recently ended" list
    }
}
