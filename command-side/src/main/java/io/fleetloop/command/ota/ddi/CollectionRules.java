package io.fleetloop.command.ota.ddi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.CollectionTrigger;
import io.fleetloop.api.orchestration.CompressionRule;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.command.common.CollectionDictionaries;
import io.fleetloop.command.ota.device.DeviceDirectory;
import io.fleetloop.ddi.json.model.DdiCollectionRule;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiCollectionTrigger;
import io.fleetloop.ddi.json.model.DdiCompression;
import io.fleetloop.ddi.json.model.DdiJson;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The edge collection rules DDI serves (table {@code ddi_collection_rule}, owned by the command side, kept by the
 * subscribing {@code ddi-lookup} from {@link DataFlowCreatedEvent}s of COLLECT flows), the rules that match a device
 * (its type and attributes), the trained dictionaries those rules name (table {@code ddi_collection_dictionary}), and
 * the rules version each device reports running (telemetry in {@code ddi_device_contact}).
 */
@Component
@ProcessingGroup(DdiLookupTables.PROCESSING_GROUP)
class CollectionRules {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final CollectionDictionaries dictionaries;

    CollectionRules(JdbcClient jdbc, ObjectMapper json, CollectionDictionaries dictionaries) {
        this.jdbc = jdbc;
        this.json = json;
        this.dictionaries = dictionaries;
    }

    @EventHandler
    void on(DataFlowCreatedEvent event) throws JsonProcessingException {
        if (event.action() == null || event.action().type() != FlowAction.Type.COLLECT || event.flowRule() == null) return;
        CollectionTrigger trigger = event.flowRule().trigger();
        CompressionRule compression = event.compressionRule();
        DdiCollectionRule rule = new DdiCollectionRule(event.flowId().value(), event.name(),
                new DdiCollectionTrigger(trigger.kinds().stream().map(Enum::name).toList(), trigger.expression(), trigger.preSeconds(),
                        trigger.postSeconds(), trigger.rateLimit()),
                compression == null ? null : new DdiCompression(compression.codec(), compression.level(), compression.dictionary(),
                        compression.targetRatio()),
                event.targetPath());
        String deviceType = event.deviceSelector() == null || event.deviceSelector().deviceType() == null ? null
                : event.deviceSelector().deviceType().toUpperCase(Locale.ROOT);
        Map<String, String> attributes = event.deviceSelector() == null || event.deviceSelector().attributes() == null ? Map.of()
                : event.deviceSelector().attributes();
        jdbc.sql("""
                insert into ddi_collection_rule (flow_id, tenant_id, device_type, attributes, rule, created_at)
                values (?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?) on conflict (flow_id) do nothing""")
                .params(event.flowId().value(), event.tenantId(), deviceType, json.writeValueAsString(attributes),
                        new String(DdiJson.write(rule), StandardCharsets.UTF_8), Timestamp.from(event.createdAt()))
                .update();
        if (compression != null && compression.dictionary() != null) {
            // Checked when the flow was created and carried by the event; events stored before it was carried only name
            // the asset, whose own events say where its bytes are.
            Optional<CollectionDictionary> dictionary = event.dictionary() != null ? Optional.of(event.dictionary())
                    : dictionaries.find(event.tenantId(), compression.dictionary());
            dictionary.ifPresent(d -> jdbc.sql("""
                    insert into ddi_collection_dictionary (tenant_id, asset_id, storage_path, sha256, size_bytes)
                    values (?, ?, ?, ?, ?) on conflict (tenant_id, asset_id) do nothing""")
                    .params(event.tenantId(), d.assetId(), d.storagePath(), d.sha256(), d.sizeBytes()).update());
        }
    }

    /**
     * The dictionary {@code assetId} if one of the rules served to the device names it (and it is stored), else empty.
     */
    Optional<CollectionDictionary> dictionary(DeviceDirectory.DeviceRecord device, String assetId) {
        boolean named = of(device).rulesOrEmpty().stream()
                .anyMatch(r -> r.compression() != null && assetId.equals(r.compression().dictionary()));
        if (!named) return Optional.empty();
        return jdbc.sql("select asset_id, storage_path, sha256, size_bytes from ddi_collection_dictionary where tenant_id = ? and asset_id = ?")
                .params(device.tenantId(), assetId)
                .query((rs, n) -> new CollectionDictionary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).optional();
    }

    /** The trained dictionary flow {@code flowId}'s compression names (empty: none), where its bytes are and their sha256. */
    Optional<CollectionDictionary> dictionaryOf(String tenantId, String flowId) {
        return jdbc.sql("""
                        select d.asset_id, d.storage_path, d.sha256, d.size_bytes from ddi_collection_rule r
                        join ddi_collection_dictionary d on d.tenant_id = r.tenant_id and d.asset_id = r.rule->'compression'->>'dictionary'
                        where r.tenant_id = ? and r.flow_id = ?""")
                .params(tenantId, flowId)
                .query((rs, n) -> new CollectionDictionary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).optional();
    }

    /**
     * The tenant's rules whose selector matches the device, oldest first; the version is a digest of exactly what is
     * served, so it changes when (and only when) the device's rules do.
     */
    DdiCollectionRules of(DeviceDirectory.DeviceRecord device) {
        String attributes;
        try {
            attributes = json.writeValueAsString(device.attributes() == null ? Map.of() : device.attributes());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<DdiCollectionRule> rules = jdbc.sql("""
                        select rule from ddi_collection_rule where tenant_id = ? and (device_type is null or device_type = ?)
                        and cast(? as jsonb) @> attributes order by created_at, flow_id""")
                .params(device.tenantId(), device.type().name(), attributes)
                .query((rs, n) -> DdiJson.read(rs.getString(1), DdiCollectionRule.class)).list();
        return new DdiCollectionRules(version(rules), rules);
    }

    /** The device runs rules {@code version} now (telemetry: not an event). */
    void reported(String tenantId, String deviceId, String version, Instant at) {
        jdbc.sql("""
                insert into ddi_device_contact (tenant_id, device_id, last_poll_at, collection_rules_version) values (?, ?, ?, ?)
                on conflict (tenant_id, device_id) do update set collection_rules_version = excluded.collection_rules_version,
                last_poll_at = greatest(ddi_device_contact.last_poll_at, excluded.last_poll_at)""")
                .params(tenantId, deviceId, Timestamp.from(at), version).update();
    }

    private static String version(List<DdiCollectionRule> rules) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(DdiJson.write(rules));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
