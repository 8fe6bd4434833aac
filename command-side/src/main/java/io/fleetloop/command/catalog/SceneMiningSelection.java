package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AttributeMatch;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.common.FleetloopException;

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

/**
 * What a scene-mining request mines: assets by id or by a filter of {@code GET /v1/assets}'s vocabulary, resolved from
 * the command side's own {@link SceneMiningDirectory}. Shared by {@code POST /v1/scene-mining} and
 * {@code MineScenesCommand} (a workflow's mine-scenes node), so both refuse the same bad input the same way.
 */
final class SceneMiningSelection {

    static final Set<String> FILTER_FIELDS = Set.of("modality", "sourceId", "tag", "q", "ingestedFrom", "ingestedTo", "attribute",
            "sceneTags", "longTailTags");

    /** The resolved assets and the filter as recorded on the job (empty when mined by ids). */
    record Selection(List<SceneMiningAsset> assets, Map<String, String> filter) {
    }

    private SceneMiningSelection() {
    }

    static Selection resolve(SceneMiningDirectory directory, String tenant, List<String> assetIds, Map<String, Object> filter) {
        boolean byIds = assetIds != null;
        if (byIds == (filter != null)) throw FleetloopException.invalid("assetIds", "give either assetIds or filter");
        List<SceneMiningAsset> assets = new ArrayList<>();
        Map<String, String> recordedFilter = Map.of();
        if (byIds) {
            if (assetIds.isEmpty()) throw FleetloopException.invalid("assetIds", "no asset to mine (empty set)");
            if (assetIds.size() > SceneMiningJob.MAX_ASSETS) {
                throw FleetloopException.invalid("assetIds", "at most " + SceneMiningJob.MAX_ASSETS + " assets per job");
            }
            for (String id : new LinkedHashSet<>(assetIds)) {
                if (id == null || id.isBlank()) throw FleetloopException.invalid("assetIds", "blank asset id");
                // Another tenant's asset is answered like a missing one.
                assets.add(directory.find(tenant, new AssetId(id)).orElseThrow(() -> FleetloopException.notFound("asset", id)));
            }
        } else {
            recordedFilter = filterFields(filter);
            assets = directory.match(tenant, filter(recordedFilter), SceneMiningJob.MAX_ASSETS + 1);
            if (assets.isEmpty()) throw FleetloopException.invalid("filter", "matches no asset (empty set)");
            if (assets.size() > SceneMiningJob.MAX_ASSETS) {
                throw FleetloopException.invalid("filter", "matches more than " + SceneMiningJob.MAX_ASSETS + " assets; narrow it");
            }
        }
        return new Selection(assets, recordedFilter);
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
