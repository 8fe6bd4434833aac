package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** {@code config.polling}: how long the device sleeps between base polls, {@code "HH:MM:SS"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiPolling(String sleep) {

    /** hawkBit's format; at least one second, so that a zero never makes a device spin. */
    public static DdiPolling of(Duration duration) {
        long seconds = Math.max(1, duration.getSeconds());
        return new DdiPolling(String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60));
    }

    /** The sleep, if it is readable. */
    public Optional<Duration> duration() {
        if (sleep == null) return Optional.empty();
        String[] parts = sleep.trim().split(":");
        if (parts.length != 3) return Optional.empty();
        try {
            return Optional.of(Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                    .plusSeconds(Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
