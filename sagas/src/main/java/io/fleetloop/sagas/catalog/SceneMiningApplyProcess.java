package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.ApplyMinedSceneTagsCommand;
import io.fleetloop.api.catalog.CompleteSceneMiningCommand;
import io.fleetloop.api.catalog.LongTailTagsComputedEvent;
import io.fleetloop.api.catalog.MinedAsset;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The last step of a scene-mining job (seed 000 §9 steps 3–4): once the long-tail tags are computed, each asset is
 * updated (its own command and events, which the catalog's projections write to PostgreSQL and Elasticsearch), then
 * the job completes, which publishes {@code SceneMiningCompleted}. Every command is idempotent (the same tags again
 * append nothing; a completed job ignores a second completion), so a redelivery is harmless.
 */
@Component
@ProcessingGroup(SceneMiningApplyProcess.PROCESSING_GROUP)
class SceneMiningApplyProcess {

    static final String PROCESSING_GROUP = "scene-mining-apply";

    private final CommandGateway commands;

    SceneMiningApplyProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(LongTailTagsComputedEvent event) {
        for (MinedAsset asset : event.assets()) {
            commands.sendAndWait(new ApplyMinedSceneTagsCommand(asset.assetId(), event.tenantId(), event.jobId(), event.rulesVersion(), asset));
        }
        commands.sendAndWait(new CompleteSceneMiningCommand(event.jobId(), event.tenantId()));
    }
}
