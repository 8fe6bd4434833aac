package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The base poll, {@code GET /{tenant}/controller/v1/{controllerId}}: the polling config and links to what the device
 * must do ({@code deploymentBase}, {@code cancelAction}, {@code configData}, {@code installedBase}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiControllerBase(DdiConfig config, @JsonProperty("_links") Map<String, DdiLink> links) {

    public Optional<String> href(String rel) {
        return DdiLinks.href(links, rel);
    }

    /** The server's polling sleep, if it gave a readable one. */
    public Optional<Duration> sleep() {
        return Optional.ofNullable(config).map(DdiConfig::polling).flatMap(DdiPolling::duration);
    }
}
