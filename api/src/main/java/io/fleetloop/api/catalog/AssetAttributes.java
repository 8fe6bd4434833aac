package io.fleetloop.api.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An asset's attributes: the user metadata its source object carried ({@code x-amz-meta-vin: ...} becomes
 * {@code vin}), possibly personal data (VIN, GPS position, plate). Messages hold them as a {@code Map<String,String>}
 * that is never null: an event written before attributes existed reads back with an empty map.
 */
public final class AssetAttributes {

    private AssetAttributes() {
    }

    /** An unmodifiable copy ordered by key (stable JSON); null, or entries with a null key or value, are left out. */
    public static Map<String, String> copyOf(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) return Map.of();
        TreeMap<String, String> copy = new TreeMap<>();
        attributes.forEach((key, value) -> {
            if (key != null && value != null) copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
