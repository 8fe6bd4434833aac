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
    void itRemembersAtMostItsCapacity() {
        ContactThrottle throttle = new ContactThrottle(1000, Duration.ofSeconds(10));
        for (int i = 0; i < 5000; i++) throttle.shouldWrite("t/car-" + i, AT);
        assertThat(throttle.size()).isLessThanOrEqualTo(1000);
        long remembered = java.util.stream.IntStream.range(0, 5000)
                .filter(i -> !throttle.shouldWrite("t/car-" + i, AT.plusSeconds(1))).count();
        assertThat(remembered).as("devices whose contact was not written again").isLessThanOrEqualTo(1000);
    }

    @Test
    void devicesThatStoppedPollingLeaveMemoryOneIntervalLater() {
        long[] nanos = {0};
        ContactThrottle throttle = new ContactThrottle(100_000, Duration.ofSeconds(10), () -> nanos[0]);
        for (int i = 0; i < 5000; i++) throttle.shouldWrite("t/car-" + i, AT);
        assertThat(throttle.size()).isEqualTo(5000);

        nanos[0] = Duration.ofSeconds(11).toNanos();
        assertThat(throttle.size()).isZero();
        assertThat(throttle.shouldWrite("t/car-1", AT.plusSeconds(11))).isTrue();
    }
}
