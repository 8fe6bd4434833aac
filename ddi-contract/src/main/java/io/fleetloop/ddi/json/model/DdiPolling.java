package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Duration;
import java.util.Optional;

/** {@code config.polling}: how long the device sleeps between base polls, {@code "HH:MM:SS"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiPolling(String sleep) {

    /**
     * hawkBit's format; at least one second, so that a zero never makes a device spin. Formatted by hand: every base poll
     * answers with it, and {@code String.format} was 2 % of a poll's CPU.
     */
    public static DdiPolling of(Duration duration) {
        long seconds = Math.max(1, duration.getSeconds());
        StringBuilder sleep = new StringBuilder(8);
        twoDigits(sleep, seconds / 3600).append(':');
        twoDigits(sleep, (seconds / 60) % 60).append(':');
        return new DdiPolling(twoDigits(sleep, seconds % 60).toString());
    }

    private static StringBuilder twoDigits(StringBuilder to, long value) {
        return (value < 10 ? to.append('0') : to).append(value);
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
