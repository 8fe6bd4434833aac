package io.fleetloop.sagas.behavior;

import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.modelling.saga.AssociationResolver;

/**
 * Associates a release with the loop of the first dataset its model was trained on ({@code datasetIds[0]}): an Axon
 * saga association has one value per event. A release naming no dataset associates with no loop.
 */
public class FirstDatasetResolver implements AssociationResolver {

    static final String NONE = "-";

    @Override
    public <T> void validate(String associationPropertyName, MessageHandlingMember<T> handler) {
        // reads ReleaseTaskCreatedEvent.datasetIds only
    }

    @Override
    public <T> Object resolve(String associationPropertyName, EventMessage<?> message, MessageHandlingMember<T> handler) {
        if (message.getPayload() instanceof ReleaseTaskCreatedEvent created && !created.datasetIdList().isEmpty()) {
            return created.datasetIdList().get(0).value();
        }
        return NONE;
    }
}
