package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.ota.DeviceType;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Device-side OTA settings: per-tenant hawkBit gateway tokens ({@code fleetloop.ota.gateway-tokens.<tenant>}), the
 * polling sleep devices are told, and the Ed25519 manifest key (PEM files; generated into the data folder when unset).
 * {@code fleetloop.ota.auto-create-targets.<tenant>} (a device type) registers an unknown device of that tenant as
 * that type on its first poll through the gateway token, as hawkBit's target auto-creation; absent (the default): 404.
 */
@ConfigurationProperties("fleetloop.ota")
record OtaProperties(Map<String, String> gatewayTokens, Duration pollingSleep, String signingKeyFile, String signingPublicKeyFile,
                     Map<String, DeviceType> autoCreateTargets) {

    OtaProperties {
        gatewayTokens = gatewayTokens == null ? Map.of() : Map.copyOf(gatewayTokens);
        autoCreateTargets = autoCreateTargets == null ? Map.of() : Map.copyOf(autoCreateTargets);
        pollingSleep = pollingSleep == null ? Duration.ofMinutes(5) : pollingSleep;
    }
}
