package io.fleetloop.api.catalog;

import io.fleetloop.api.common.FleetloopException;

import java.util.Locale;

/** Filter on one asset attribute, exact value: written {@code key:value} (the key is case-insensitive). */
public record AttributeMatch(String key, String value) {

    public AttributeMatch {
        key = key.toLowerCase(Locale.ROOT);
    }

    /** Null or blank means no filter; anything else must be {@code key:value} with a key of letters, digits, ., - and _. */
    public static AttributeMatch parse(String keyColonValue) {
        if (keyColonValue == null || keyColonValue.isBlank()) return null;
        int colon = keyColonValue.indexOf(':');
        String key = colon < 0 ? "" : keyColonValue.substring(0, colon).trim();
        if (!key.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw FleetloopException.invalid("attribute", "must be key:value, e.g. vin:WVWZZZ1JZXW000001");
        }
        return new AttributeMatch(key, keyColonValue.substring(colon + 1));
    }
}
