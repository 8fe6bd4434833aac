package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.AiModelCheckedEvent;
import io.fleetloop.api.orchestration.workflow.AiModelId;
import io.fleetloop.api.orchestration.workflow.AiModelRegisteredEvent;
import io.fleetloop.api.orchestration.workflow.CheckAiModelCommand;
import io.fleetloop.api.orchestration.workflow.RegisterAiModelCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.net.URI;
import java.time.Clock;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An OpenAI-compatible model endpoint (seed 003 "AI 模型中心"); its availability checks are events. */
@Aggregate
class AiModel {

    @AggregateIdentifier
    private AiModelId modelId;
    private String tenantId;
    private String baseUrl;
    private String model;

    AiModel() {
    }

    @CommandHandler
    AiModel(RegisterAiModelCommand command, Clock clock) {
        if (command.name() == null || command.name().isBlank() || command.name().length() > 128) throw FleetloopException.invalid("name", "1-128 characters");
        try {
            URI uri = URI.create(command.baseUrl() == null ? "" : command.baseUrl());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("baseUrl", "the http(s) base URL of an OpenAI-compatible API, e.g. https://host/v1");
        }
        if (command.model() == null || command.model().isBlank() || command.model().length() > 256) throw FleetloopException.invalid("model", "the model name, 1-256 characters");
        if (command.credentialRef() != null && !command.credentialRef().matches("[A-Za-z0-9._-]{1,128}")) {
            throw FleetloopException.invalid("credentialRef", "the name of a stored credential (PUT /v1/credentials/{name}), never the key itself");
        }
        apply(new AiModelRegisteredEvent(command.modelId(), command.tenantId(), command.name(), command.baseUrl(), command.model(),
                command.credentialRef(), clock.instant()));
    }

    @CommandHandler
    AiModelCheckedEvent handle(CheckAiModelCommand command, AiModelProbe probe, Clock clock) {
        requireSameTenant(tenantId, command, "AI model", modelId);
        AiModelProbe.Outcome outcome = probe.check(baseUrl, model);
        AiModelCheckedEvent checked = new AiModelCheckedEvent(modelId, tenantId, outcome.available(), outcome.modelListed(), outcome.httpStatus(),
                outcome.detail(), outcome.latencyMillis(), clock.instant());
        apply(checked);
        return checked;
    }

    @EventSourcingHandler
    void on(AiModelRegisteredEvent event) {
        modelId = event.modelId();
        tenantId = event.tenantId();
        baseUrl = event.baseUrl();
        model = event.model();
    }
}
