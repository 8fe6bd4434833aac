package io.fleetloop.projections.common;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Small values a projection sends to PostgreSQL as text, written without a serializer lookup or a formatter per
 * row: in the catalog's replay profile, {@code ObjectMapper.writeValueAsString} of an asset's attributes was a fifth of
 * the processor's thread and {@code Instant.toString()} most of the handler's own time. The platform's event store
 * writes its timestamps with {@link #instantMillis} for the same reason.
 */
public final class JsonText {

    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private JsonText() {
    }

    /** A JSON object of string values, in the map's order, escaped as Jackson escapes them. */
    public static String object(Map<String, String> values) {
        if (values == null || values.isEmpty()) return "{}";
        StringBuilder json = new StringBuilder(16 + values.size() * 24).append('{');
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (json.length() > 1) json.append(',');
            json.append('"');
            STRINGS.quoteAsString(entry.getKey(), json);
            json.append("\":");
            if (entry.getValue() == null) {
                json.append("null");
            } else {
                json.append('"');
                STRINGS.quoteAsString(entry.getValue(), json);
                json.append('"');
            }
        }
        return json.append('}').toString();
    }

    /** What {@link Instant#toString()} writes (ISO-8601 in UTC, 0, 3, 6 or 9 fraction digits), for years 0000 to 9999. */
    public static String instant(Instant instant) {
        String text = utc(instant, false);
        return text != null ? text : instant.toString();
    }

    /**
     * ISO-8601 in UTC with exactly three fraction digits, truncated ({@code 2026-12-06T00:52:30.120Z}, the form Axon's
     * event store writes), for years 0000 to 9999; {@code null} for other years.
     */
    public static String instantMillis(Instant instant) {
        return utc(instant, true);
    }

    private static String utc(Instant instant, boolean millis) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 0 || year > 9999) return null;
        char[] text = new char[30];
        int at = digits(text, 0, year, 4);
        text[at++] = '-';
        at = digits(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, secondOfDay / 3600, 2);
        text[at++] = ':';
        at = digits(text, at, secondOfDay / 60 % 60, 2);
        text[at++] = ':';
        at = digits(text, at, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (millis) {
            text[at++] = '.';
            at = digits(text, at, nano / 1_000_000, 3);
        } else if (nano > 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(text, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(text, at, nano / 1_000, 6);
            } else {
                at = digits(text, at, nano, 9);
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
