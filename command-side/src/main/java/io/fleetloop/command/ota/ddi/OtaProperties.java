package io.fleetloop.command.ota.ddi;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Device-side OTA settings: per-tenant hawkBit gateway tokens ({@code fleetloop.ota.gateway-tokens.<tenant>}), the
 * polling sleep devices are told, and the Ed25519 manifest key (PEM files; generated into the data folder when unset).
 */
@ConfigurationProperties("fleetloop.ota")
record OtaProperties(Map<String, String> gatewayTokens, Duration pollingSleep, String signingKeyFile, String signingPublicKeyFile) {

    OtaProperties {
        gatewayTokens = gatewayTokens == null ? Map.of() : Map.copyOf(gatewayTokens);
        pollingSleep = pollingSleep == null ? Duration.ofMinutes(5) : pollingSleep;
    }
}
