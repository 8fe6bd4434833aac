package io.fleetloop.workers.ingestion;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * S3 user metadata ({@code x-amz-meta-*} headers) as asset attributes: key without the prefix, lower-cased.
 * Every attribute lives forever in events, so the size is capped: at most {@value #MAX_ENTRIES} entries (the first
 * by key), keys of at most {@value #MAX_KEY_LENGTH} and values of at most {@value #MAX_VALUE_LENGTH} characters;
 * entries beyond that are ignored.
 */
final class UserMetadata {

    static final String PREFIX = "x-amz-meta-";
    static final int MAX_ENTRIES = 32;
    static final int MAX_KEY_LENGTH = 64;
    static final int MAX_VALUE_LENGTH = 1024;

    private UserMetadata() {
    }

    /** From response headers (any case); a header sent several times counts as its values joined by commas. */
    static Map<String, String> attributes(Map<String, List<String>> headers) {
        TreeMap<String, String> all = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name == null || values == null || values.isEmpty()) return;
            String header = name.toLowerCase(Locale.ROOT);
            if (!header.startsWith(PREFIX)) return;
            String key = header.substring(PREFIX.length());
            String value = String.join(",", values);
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || value.length() > MAX_VALUE_LENGTH) return;
            all.merge(key, value, (a, b) -> a + "," + b);
        });
        TreeMap<String, String> kept = new TreeMap<>();
        for (var entry : all.entrySet()) {
            if (kept.size() == MAX_ENTRIES) break;
            if (entry.getValue().length() <= MAX_VALUE_LENGTH) kept.put(entry.getKey(), entry.getValue());
        }
        return kept;
    }
}
