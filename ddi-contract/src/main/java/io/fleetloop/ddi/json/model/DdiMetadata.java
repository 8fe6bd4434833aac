package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A software module's target-visible metadata entry. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiMetadata(String key, String value) {

    /** Fleetloop's signed release manifest (base64 JSON) and its Ed25519 signature (base64): docs/ota-device-protocol.md. */
    public static final String FLEETLOOP_MANIFEST = "fleetloop.manifest";
    public static final String FLEETLOOP_SIGNATURE = "fleetloop.signature";
}
