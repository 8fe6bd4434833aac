package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.CancelSceneMiningCommand;
import io.fleetloop.api.catalog.PublishSceneMiningRulesCommand;
import io.fleetloop.api.catalog.RequestSceneMiningCommand;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneMiningRulesId;
import io.fleetloop.api.catalog.SceneTagRule;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 000 §9: {@code POST /v1/scene-mining} (assets by id or by a filter of {@code GET /v1/assets}'s vocabulary,
 * resolved from the command side's own {@link SceneMiningDirectory}) → 202 with the job id;
 * {@code POST /v1/scene-mining/{jobId}/cancel}; {@code PUT /v1/scene-mining/rules} (a new version of the rules).
 */
@RestController
class SceneMiningCommandController {

    record MiningRequest(List<String> assetIds, Map<String, Object> filter) {
    }

    record MiningAccepted(String jobId, int assetCount, int rulesVersion) {
    }

    record RulesRequest(Integer version, List<SceneTagRule> tags, Double brakingDecelMps2, Integer geohashPrecision,
                        Double longTailMaxFraction) {
    }

    private final CommandGateway commands;
    private final SceneMiningDirectory directory;
    private final Clock clock;

    SceneMiningCommandController(CommandGateway commands, SceneMiningDirectory directory, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
    }

    @PostMapping("/v1/scene-mining")
    ResponseEntity<MiningAccepted> mine(Caller caller, @RequestBody MiningRequest request) {
        String tenant = caller.tenantId();
        SceneMiningSelection.Selection selection = SceneMiningSelection.resolve(directory, tenant, request.assetIds(), request.filter());
        SceneMiningRules rules = directory.rules(tenant);
        SceneMiningJobId jobId = new SceneMiningJobId(UUID.randomUUID().toString());
        commands.sendAndWait(new RequestSceneMiningCommand(jobId, tenant, selection.assets(), selection.filter(), rules, clock.instant()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/scene-mining/" + jobId))
                .body(new MiningAccepted(jobId.value(), selection.assets().size(), rules.version()));
    }

    @PostMapping("/v1/scene-mining/{jobId}/cancel")
    ResponseEntity<Void> cancel(Caller caller, @PathVariable String jobId) {
        commands.sendAndWait(new CancelSceneMiningCommand(new SceneMiningJobId(jobId), caller.tenantId()));
        return ResponseEntity.accepted().build();
    }

    @PutMapping("/v1/scene-mining/rules")
    SceneMiningRules publishRules(Caller caller, @RequestBody RulesRequest request) {
        if (request.version() == null) throw FleetloopException.invalid("version", "required: a version above the current one");
        SceneMiningRules defaults = SceneMiningRules.defaults();
        SceneMiningRules rules = new SceneMiningRules(request.version(), request.tags(),
                request.brakingDecelMps2() == null ? defaults.brakingDecelMps2() : request.brakingDecelMps2(),
                request.geohashPrecision() == null ? defaults.geohashPrecision() : request.geohashPrecision(),
                request.longTailMaxFraction() == null ? defaults.longTailMaxFraction() : request.longTailMaxFraction());
        commands.sendAndWait(new PublishSceneMiningRulesCommand(SceneMiningRulesId.of(caller.tenantId()), caller.tenantId(), rules));
        return rules;
    }
}
