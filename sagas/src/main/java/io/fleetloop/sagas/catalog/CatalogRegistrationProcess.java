package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.IngestedAsset;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Seed 000 §2 steps 8–9: a completed ingestion registers one catalog asset per distinct content, with the
 * attributes (user metadata) of the first source object that brought that content. A stateless
 * process (no saga state needed): registering is idempotent, so a replay or a retry registers nothing twice.
 */
@Component
@ProcessingGroup(CatalogRegistrationProcess.PROCESSING_GROUP)
class CatalogRegistrationProcess {

    static final String PROCESSING_GROUP = "catalog-registration";

    private final CommandGateway commands;

    CatalogRegistrationProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(DataIngestionCompletedEvent event) {
        for (IngestedAsset asset : event.assets()) {
            commands.sendAndWait(new RegisterAssetCommand(asset.assetId(), event.tenantId(), event.sourceId(),
                    event.taskId(), asset.storagePath(), asset.sizeBytes(), asset.sha256(), event.modality(),
                    asset.ingestedAt(), asset.attributes()));
        }
    }
}
