package io.fleetloop.command.ingestion;

import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Keeps the command side's lookup tables; runs subscribing, inside the command's transaction. */
@Component
@ProcessingGroup(IngestionLookupTables.PROCESSING_GROUP)
class IngestionLookupTables {

    static final String PROCESSING_GROUP = "ingestion-lookup";

    private final SourceRegistry sources;
    private final ContentIndex contents;

    IngestionLookupTables(SourceRegistry sources, ContentIndex contents) {
        this.sources = sources;
        this.contents = contents;
    }

    @EventHandler
    void on(DataSourceCreatedEvent event) {
        sources.add(event);
    }

    @EventHandler
    void on(ObjectIngestedEvent event) {
        if (!event.duplicate()) {
            contents.add(event);
        }
    }
}
