package io.fleetloop.platform.axon;

import io.fleetloop.projections.common.JsonText;
import org.axonframework.common.DateTimeUtils;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the event store's timestamp column as Axon writes it ({@code DateTimeUtils.formatInstant}: UTC, millisecond
 * precision, e.g. {@code 2026-12-06T00:52:30.123Z}; any fraction of 0 to 9 digits is read the same way) without a
 * {@code DateTimeFormatter}: the formatter's parse was a
 * quarter of a replaying processor's read-ahead thread. Any other text (another precision, an offset, an old row
 * written differently) goes to Axon's own parse, so the result is always the one {@link DateTimeUtils#parseInstant}
 * gives.
 */
final class StoredTimestamps {

    private StoredTimestamps() {
    }

    static Instant parse(CharSequence text) {
        Instant instant = utc(text);
        return instant != null ? instant : DateTimeUtils.parseInstant(text);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f...]Z} with 0 to 9 fraction digits (what Axon and {@link Instant#toString()} write
     * for years 0000 to 9999), or {@code null} for any other text or an invalid date or time in this shape.
     */
    static Instant utc(CharSequence text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') return null;
            int fraction = digits(text, 20, length - 21);
            if (fraction < 0) return null;
            nanos = fraction;
            for (int i = length - 21; i < 9; i++) nanos *= 10;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * The text Axon's {@link DateTimeUtils#formatInstant} writes ({@code 2026-12-06T00:52:30.123Z}: UTC, milliseconds,
     * truncated), without its {@code DateTimeFormatter}, which was 3 % of a command's CPU when the engine wrote each
     * event's timestamp ({@link JsonText#instantMillis}). Years outside 0000–9999 (written with a sign) go to Axon's formatter.
     */
    static String format(Instant instant) {
        String text = JsonText.instantMillis(instant);
        return text != null ? text : DateTimeUtils.formatInstant(instant);
    }

    /** The decimal number of {@code length} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(CharSequence text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
