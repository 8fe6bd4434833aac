package io.fleetloop.command.orchestration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Edge collection limits: the longest window (seconds) a device's ring buffer holds, so no trigger window may exceed it,
 * and the signal names a trigger expression may use (each a double).
 */
@ConfigurationProperties("fleetloop.edge-collection")
public record EdgeCollectionProperties(Double maxWindowSeconds, List<String> signals) {

    public static final List<String> DEFAULT_SIGNALS = io.fleetloop.formats.trigger.TriggerLanguage.DEFAULT_SIGNALS;

    public EdgeCollectionProperties {
        maxWindowSeconds = maxWindowSeconds == null ? 60.0 : maxWindowSeconds;
        signals = signals == null || signals.isEmpty() ? DEFAULT_SIGNALS : List.copyOf(signals);
    }
}
