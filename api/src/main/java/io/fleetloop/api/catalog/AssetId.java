package io.fleetloop.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Typed id; serialised as its plain string value. */
public record AssetId(@JsonValue String value) {

    @JsonCreator
    public AssetId {
        Objects.requireNonNull(value, "AssetId value");
    }

    /**
     * An asset's id follows from its tenant and content (a name-based UUID over {@code tenant:sha256}), so the same
     * bytes always name the same asset — whoever registers them (ingestion, dataset export).
     */
    public static AssetId contentAddressed(String tenantId, String sha256) {
        return new AssetId(UUID.nameUUIDFromBytes((tenantId + ":" + sha256).getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
