package io.fleetloop.command.ota.ddi;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Device-side OTA settings: per-tenant hawkBit gateway tokens ({@code fleetloop.ota.gateway-tokens.<tenant>}), the
 * polling sleep devices are told — {@code polling-sleep} when idle, {@code polling-active-sleep} while an action is
 * pending or running, both overridable per tenant ({@code fleetloop.ota.polling.<tenant>.sleep} / {@code .active-sleep})
 * — and the Ed25519 manifest key (PEM files; generated into the data folder when unset).
 */
@ConfigurationProperties("fleetloop.ota")
record OtaProperties(Map<String, String> gatewayTokens, Duration pollingSleep, Duration pollingActiveSleep, Map<String, Polling> polling,
                     String signingKeyFile, String signingPublicKeyFile) {

    /** A tenant's polling sleeps; a missing one falls back to the global setting. */
    record Polling(Duration sleep, Duration activeSleep) {
    }

    OtaProperties {
        gatewayTokens = gatewayTokens == null ? Map.of() : Map.copyOf(gatewayTokens);
        pollingSleep = pollingSleep == null ? Duration.ofMinutes(5) : pollingSleep;
        pollingActiveSleep = pollingActiveSleep == null ? Duration.ofSeconds(30) : pollingActiveSleep;
        polling = polling == null ? Map.of() : Map.copyOf(polling);
    }
}
