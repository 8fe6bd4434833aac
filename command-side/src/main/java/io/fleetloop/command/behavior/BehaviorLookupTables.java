package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Keeps {@link BehaviorDirectory}; runs subscribing, inside the transaction of the command that stored the event. */
@Component
@ProcessingGroup(BehaviorLookupTables.PROCESSING_GROUP)
class BehaviorLookupTables {

    static final String PROCESSING_GROUP = "behavior-lookup";

    private final BehaviorDirectory directory;

    BehaviorLookupTables(BehaviorDirectory directory) {
        this.directory = directory;
    }

    @EventHandler
    void on(BehaviorSessionCreatedEvent event) {
        directory.add(event);
    }

    @EventHandler
    void on(ProblemSampleIdentifiedEvent event) {
        directory.add(event);
    }

    @EventHandler
    void on(DataSourceCreatedEvent event) {
        directory.add(event);
    }

    @EventHandler
    void on(DeviceRegisteredEvent event) {
        directory.add(event);
    }
}
