package io.fleetloop.command.orchestration;

import io.fleetloop.command.common.CollectionDictionaries;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.CreateDataFlowCommand;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A data-flow rule (seed 000 §2 steps 11–12, minimal ORC): which completed ingestions trigger which work. */
@Aggregate
class DataFlow {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,127}");

    @AggregateIdentifier
    private DataFlowId flowId;

    DataFlow() {
    }

    @CommandHandler
    DataFlow(CreateDataFlowCommand command, Clock clock, CollectionRuleCheck collection, CollectionDictionaries dictionaries) {
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            throw FleetloopException.invalid("name", "1-128 letters, digits, spaces or _ . : / -");
        }
        FlowRule rule = command.flowRule() == null ? new FlowRule(null, null, null) : command.flowRule();
        if (rule.pathPattern() != null && !rule.pathPattern().isBlank()) {
            if (rule.pathPattern().length() > 256) throw FleetloopException.invalid("flowRule.pathPattern", "at most 256 characters");
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + rule.pathPattern());
            } catch (RuntimeException e) {
                throw FleetloopException.invalid("flowRule.pathPattern", "is not a valid glob");
            }
        }
        FlowAction action = command.action();
        if (action == null || action.type() == null) throw FleetloopException.invalid("action.type", "required (ANNOTATE or COLLECT)");
        if (action.type() == FlowAction.Type.COLLECT) {
            collection.check(rule, command.compressionRule(), command.targetPath(), command.deviceSelector());
            String dictionaryId = command.compressionRule().dictionary();
            // The event carries what the check found, so no consumer reads the asset's events again.
            CollectionDictionary dictionary = dictionaryId == null ? null : dictionaries.find(command.tenantId(), dictionaryId)
                    .orElseThrow(() -> FleetloopException.invalid("compressionRule.dictionary",
                            "the id of an asset of this tenant (a trained zstd dictionary)"));
            apply(new DataFlowCreatedEvent(command.flowId(), command.tenantId(), command.name(), rule, action, clock.instant(),
                    command.compressionRule(), command.targetPath(), command.deviceSelector(), dictionary));
            return;
        }
        if (rule.trigger() != null || command.compressionRule() != null || command.targetPath() != null || command.deviceSelector() != null) {
            throw FleetloopException.invalid("action.type", "COLLECT for a flow with a trigger, compressionRule, targetPath or deviceSelector");
        }
        if (action.annotationType() == null) throw FleetloopException.invalid("action.annotationType", "required");
        PreLabelConfig preLabel = action.preLabelConfig();
        if (preLabel != null && preLabel.labeler() == PreLabelConfig.Labeler.BUILTIN_LIDAR && action.annotationType() != AnnotationType.BOX_3D) {
            throw FleetloopException.invalid("action.preLabelConfig.labeler", "BUILTIN_LIDAR labels BOX_3D tasks");
        }
        if (preLabel != null && preLabel.labeler() == PreLabelConfig.Labeler.HTTP
                && (preLabel.endpoint() == null || !preLabel.endpoint().matches("https?://.+"))) {
            throw FleetloopException.invalid("action.preLabelConfig.endpoint", "an http(s) URL of the model endpoint");
        }
        apply(new DataFlowCreatedEvent(command.flowId(), command.tenantId(), command.name(), rule, action, clock.instant()));
    }

    @EventSourcingHandler
    void on(DataFlowCreatedEvent event) {
        flowId = event.flowId();
    }
}
