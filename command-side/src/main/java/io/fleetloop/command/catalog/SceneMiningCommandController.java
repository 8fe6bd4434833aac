package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AttributeMatch;
import io.fleetloop.api.catalog.CancelSceneMiningCommand;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.PublishSceneMiningRulesCommand;
import io.fleetloop.api.catalog.RequestSceneMiningCommand;
import io.fleetloop.api.catalog.SceneMiningAsset;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Seed 000 §9: {@code POST /v1/scene-mining} (assets by id or by a filter of {@code GET /v1/assets}'s vocabulary,
 * resolved from the command side's own {@link SceneMiningDirectory}) → 202 with the job id;
 * {@code POST /v1/scene-mining/{jobId}/cancel}; {@code PUT /v1/scene-mining/rules} (a new version of the rules).
 */
@RestController
class SceneMiningCommandController {

    static final Set<String> FILTER_FIELDS = Set.of("modality", "sourceId", "tag", "q", "ingestedFrom", "ingestedTo", "attribute",
            "sceneTags", "longTailTags");

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
        boolean byIds = request.assetIds() != null;
        if (byIds == (request.filter() != null)) throw FleetloopException.invalid("assetIds", "give either assetIds or filter");
        List<SceneMiningAsset> assets = new ArrayList<>();
        Map<String, String> recordedFilter = Map.of();
        if (byIds) {
            if (request.assetIds().isEmpty()) throw FleetloopException.invalid("assetIds", "no asset to mine (empty set)");
            if (request.assetIds().size() > SceneMiningJob.MAX_ASSETS) {
                throw FleetloopException.invalid("assetIds", "at most " + SceneMiningJob.MAX_ASSETS + " assets per job");
            }
            for (String id : new LinkedHashSet<>(request.assetIds())) {
                if (id == null || id.isBlank()) throw FleetloopException.invalid("assetIds", "blank asset id");
                // Another tenant's asset is answered like a missing one.
                assets.add(directory.find(tenant, new AssetId(id)).orElseThrow(() -> FleetloopException.notFound("asset", id)));
            }
        } else {
            recordedFilter = filterFields(request.filter());
            assets = directory.match(tenant, filter(recordedFilter), SceneMiningJob.MAX_ASSETS + 1);
            if (assets.isEmpty()) throw FleetloopException.invalid("filter", "matches no asset (empty set)");
            if (assets.size() > SceneMiningJob.MAX_ASSETS) {
                throw FleetloopException.invalid("filter", "matches more than " + SceneMiningJob.MAX_ASSETS + " assets; narrow it");
            }
        }
        SceneMiningRules rules = directory.rules(tenant);
        SceneMiningJobId jobId = new SceneMiningJobId(UUID.randomUUID().toString());
        commands.sendAndWait(new RequestSceneMiningCommand(jobId, tenant, assets, recordedFilter, rules, clock.instant()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/scene-mining/" + jobId))
                .body(new MiningAccepted(jobId.value(), assets.size(), rules.version()));
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

    /** The filter as strings (lists comma-joined), refusing a field {@code GET /v1/assets} does not know. */
    private static Map<String, String> filterFields(Map<String, Object> filter) {
        Map<String, String> fields = new TreeMap<>();
        for (Map.Entry<String, Object> entry : filter.entrySet()) {
            if (!FILTER_FIELDS.contains(entry.getKey())) {
                throw FleetloopException.invalid("filter." + entry.getKey(), "unknown filter field; known: " + new java.util.TreeSet<>(FILTER_FIELDS));
            }
            Object value = entry.getValue();
            if (value == null) continue;
            String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
            if (!text.isBlank()) fields.put(entry.getKey(), text.trim());
        }
        return fields;
    }

    private static AssetFilter filter(Map<String, String> fields) {
        Modality modality = null;
        if (fields.containsKey("modality")) {
            try {
                modality = Modality.valueOf(fields.get("modality").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw FleetloopException.invalid("filter.modality", "one of " + Arrays.toString(Modality.values()));
            }
        }
        return new AssetFilter(modality, fields.get("sourceId"), fields.get("tag"), fields.get("q"),
                instant(fields, "ingestedFrom"), instant(fields, "ingestedTo"), attribute(fields.get("attribute")),
                tags(fields.get("sceneTags")), tags(fields.get("longTailTags")));
    }

    private static AttributeMatch attribute(String value) {
        try {
            return AttributeMatch.parse(value);
        } catch (FleetloopException e) {
            throw FleetloopException.invalid("filter.attribute", "must be key:value, e.g. weather:rain");
        }
    }

    private static Instant instant(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw FleetloopException.invalid("filter." + name, "an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
        }
    }

    static List<String> tags(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) return List.of();
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
    }

}
