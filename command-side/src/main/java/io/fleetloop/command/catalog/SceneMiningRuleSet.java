package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.PublishSceneMiningRulesCommand;
import io.fleetloop.api.catalog.SceneMiningRulesId;
import io.fleetloop.api.catalog.SceneMiningRulesPublishedEvent;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's scene-mining rules (one per tenant, id derived from it): versioned data. Each publication must carry a
 * version above the current one, so two editors cannot silently overwrite each other; every version stays in the
 * event store (and in the read model), and each job records the version it mined with.
 */
@Aggregate
class SceneMiningRuleSet {

    @AggregateIdentifier
    private SceneMiningRulesId rulesId;
    private String tenantId;
    private int version;

    SceneMiningRuleSet() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PublishSceneMiningRulesCommand command) {
        if (!SceneMiningRulesId.of(command.tenantId()).equals(command.rulesId())) {
            throw FleetloopException.notFound("scene-mining rules", command.rulesId().value());
        }
        SceneRules.check(command.rules());
        if (command.rules().version() <= version) {
            throw FleetloopException.conflict("version " + command.rules().version() + " is not above the current version " + version);
        }
        apply(new SceneMiningRulesPublishedEvent(command.rulesId(), command.tenantId(), command.rules()));
    }

    @EventSourcingHandler
    void on(SceneMiningRulesPublishedEvent event) {
        rulesId = event.rulesId();
        tenantId = event.tenantId();
        version = event.rules().version();
    }
}
