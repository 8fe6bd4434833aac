package io.fleetloop.ddi.json.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The contract's enums are written in lower case and read case-insensitively; anything else names what is allowed. */
final class JsonEnums {

    private JsonEnums() {
    }

    static String json(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null) return null;
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) return constant;
        }
        throw new DdiContractException(field, "one of " + allowed(type) + ", not '" + value + "'");
    }

    static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(JsonEnums::json).collect(Collectors.joining(", "));
    }
}
