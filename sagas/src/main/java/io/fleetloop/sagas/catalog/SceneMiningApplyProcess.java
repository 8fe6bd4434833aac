package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.ApplyMinedSceneTagsCommand;
import io.fleetloop.api.catalog.CompleteSceneMiningCommand;
import io.fleetloop.api.catalog.LongTailTagsComputedEvent;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.sagas.common.OwnUnitOfWork;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The last step of a scene-mining job (seed 000 §9 steps 3–4): once the long-tail tags are computed, each asset is
 * updated (its own command and events, which the catalog's projections write to PostgreSQL and Elasticsearch), then
 * the job completes, which publishes {@code SceneMiningCompleted}.
 * <p>
 * A job carries up to 10,000 assets, so the per-asset commands are not nested in this handler's unit of work (one
 * transaction held for the whole job, which on a loaded machine outlived the handler timeout and started over): each
 * runs in a unit of work and transaction of its own, a few at a time ({@link OwnUnitOfWork#createAll}), as catalog
 * registration does. The job completes only once every asset's command succeeded. Every command is idempotent (the same
 * tags again append nothing; a completed job ignores a second completion), so a redelivery or a retry after a partial
 * failure applies nothing twice.
 */
@Component
@ProcessingGroup(SceneMiningApplyProcess.PROCESSING_GROUP)
class SceneMiningApplyProcess {

    static final String PROCESSING_GROUP = "scene-mining-apply";
    /** A job may carry 10,000 assets; Axon's default (30 s) would retry it for ever on a loaded machine. */
    static final int HANDLER_TIMEOUT_MS = 30 * 60 * 1000;

    private final OwnUnitOfWork commands;

    SceneMiningApplyProcess(OwnUnitOfWork commands) {
        this.commands = commands;
    }

    @EventHandler
    @MessageHandlerTimeout(timeoutMs = HANDLER_TIMEOUT_MS, warningThresholdMs = 60_000, warningIntervalMs = 60_000)
    void on(LongTailTagsComputedEvent event) {
        List<CommandMessage<?>> applies = new ArrayList<>(event.assets().size());
        for (MinedAsset asset : event.assets()) {
            applies.add(GenericCommandMessage.asCommandMessage(
                    new ApplyMinedSceneTagsCommand(asset.assetId(), event.tenantId(), event.jobId(), event.rulesVersion(), asset)));
        }
        commands.createAll(applies);
        commands.create(GenericCommandMessage.asCommandMessage(new CompleteSceneMiningCommand(event.jobId(), event.tenantId())));
    }
}
