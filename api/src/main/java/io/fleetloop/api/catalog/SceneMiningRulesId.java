package io.fleetloop.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Id of a tenant's scene-mining rule set: one per tenant, derived from the tenant. */
public record SceneMiningRulesId(@JsonValue String value) {

    @JsonCreator
    public SceneMiningRulesId {
        Objects.requireNonNull(value, "SceneMiningRulesId value");
    }

    public static SceneMiningRulesId of(String tenantId) {
        return new SceneMiningRulesId(UUID.nameUUIDFromBytes(("scene-mining-rules:" + tenantId).getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
