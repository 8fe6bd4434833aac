package io.fleetloop.command.ota.ddi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ContactThrottleTest {

    private static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aDevicePollingAgainWithinTheIntervalIsNotWrittenAgain() {
        ContactThrottle throttle = new ContactThrottle(10, Duration.ofSeconds(10));
        assertThat(throttle.shouldWrite("t/car-1", AT)).isTrue();
        assertThat(throttle.shouldWrite("t/car-1", AT.plusSeconds(9))).isFalse();
        assertThat(throttle.shouldWrite("t/car-1", AT.plusSeconds(11))).isTrue();
    }

    @Test
    void itRemembersAtMostItsCapacityDroppingTheLeastRecentlyPolled() {
        ContactThrottle throttle = new ContactThrottle(1000, Duration.ofSeconds(10));
        for (int i = 0; i < 5000; i++) throttle.shouldWrite("t/car-" + i, AT);
        assertThat(throttle.size()).isEqualTo(1000);
        assertThat(throttle.shouldWrite("t/car-4999", AT.plusSeconds(1))).as("recent: remembered").isFalse();
        assertThat(throttle.shouldWrite("t/car-0", AT.plusSeconds(1))).as("dropped: written again").isTrue();
    }
}
