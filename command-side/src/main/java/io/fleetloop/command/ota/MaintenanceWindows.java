package io.fleetloop.command.ota;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.MaintenanceWindow;
import org.springframework.scheduling.support.CronExpression;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** Reading a rollout's maintenance window: whether it is valid, and whether it is open at a given instant. */
public final class MaintenanceWindows {

    private MaintenanceWindows() {
    }

    /** Refuses a window that cannot be evaluated, naming the field; a {@code null} window is no window. */
    public static void requireValid(MaintenanceWindow window) {
        if (window == null) return;
        if (window.schedule() == null || !CronExpression.isValidExpression(window.schedule())) {
            throw FleetloopException.invalid("grayPolicy.maintenanceWindow.schedule", "a cron expression of six fields, e.g. '0 0 2 * * *'");
        }
        Duration duration = duration(window);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0) {
            throw FleetloopException.invalid("grayPolicy.maintenanceWindow.duration", "an ISO-8601 duration above zero and at most P7D");
        }
        zone(window);
    }

    /** Whether a window that began at one of the schedule's times is still open at {@code at}. */
    public static boolean isOpen(MaintenanceWindow window, Instant at) {
        ZonedDateTime now = at.atZone(zone(window));
        // The first start after (now - duration) opened a window that lasts until now at the earliest, if it is not after now.
        ZonedDateTime start = CronExpression.parse(window.schedule()).next(now.minus(duration(window)));
        return start != null && !start.isAfter(now);
    }

    private static Duration duration(MaintenanceWindow window) {
        try {
            return Duration.parse(window.duration());
        } catch (DateTimeParseException | NullPointerException e) {
            throw FleetloopException.invalid("grayPolicy.maintenanceWindow.duration", "an ISO-8601 duration, e.g. PT2H");
        }
    }

    private static ZoneId zone(MaintenanceWindow window) {
        try {
            return window.timezone() == null || window.timezone().isBlank() ? ZoneId.of("UTC") : ZoneId.of(window.timezone().trim());
        } catch (DateTimeException e) {
            throw FleetloopException.invalid("grayPolicy.maintenanceWindow.timezone", "a time-zone id such as Europe/Berlin, or an offset such as +01:00");
        }
    }
}
