package io.fleetloop.command.common;

import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.orchestration.CollectionDictionary;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Finds a dictionary asset by loading the {@code DataAsset} aggregate's first event ({@link MetadataRegisteredEvent},
 * sequence 0: tenant, storage path, sha256) from the event store, so a dictionary registered a moment ago is found
 * and nothing depends on a projection's lag.
 */
@Component
class EventStoreCollectionDictionaries implements CollectionDictionaries {

    private final EventStore eventStore;

    EventStoreCollectionDictionaries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<CollectionDictionary> find(String tenantId, String assetId) {
        if (tenantId == null || assetId == null || assetId.isBlank()) return Optional.empty();
        DomainEventStream events = eventStore.readEvents(assetId, 0);
        if (!events.hasNext()) return Optional.empty();
        DomainEventMessage<?> first = events.next();
        if (first.getPayload() instanceof MetadataRegisteredEvent registered && tenantId.equals(registered.tenantId())) {
            return Optional.of(new CollectionDictionary(assetId, registered.storagePath(), registered.sha256(), registered.sizeBytes()));
        }
        return Optional.empty();
    }
}
