package io.fleetloop.query.governance.masking;

import io.fleetloop.api.governance.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One masking rule: the fields it covers, what callers below {@code minLevel} see instead of the clear value, and
 * the strategy's parameters. Bound from {@code fleetloop.masking.rules[n]}.
 *
 * @param name     a label for the rule list ({@code vin}, {@code gps}); the first field when not given
 * @param field    property names or dotted path suffixes ({@code vin}, {@code gps.latitude}); matched at any depth,
 *                 also inside arrays, case-insensitively and ignoring {@code _} and {@code -}
 * @param minLevel the lowest role level that reads the clear value (see {@link Role#level()}); 100 when not given
 * @param keepLast MASK only: how many trailing characters stay visible (0 when not given)
 * @param decimals TRUNCATE only: decimals kept of a number (2 when not given)
 * @param length   TRUNCATE only: characters kept of non-numeric text (4 when not given)
 */
public record MaskingRule(String name, List<String> field, MaskingStrategy strategy, Integer minLevel, Integer keepLast,
                          Integer decimals, Integer length) {

    static final int DEFAULT_DECIMALS = 2;
    static final int DEFAULT_LENGTH = 4;

    /** Applied when {@code fleetloop.masking.rules} is empty. */
    public static final List<MaskingRule> DEFAULTS = List.of(
            mask("vin", List.of("vin", "vehicleIdentificationNumber"), 4, Role.DATA_ENGINEER.level()),
            // Two decimals of a degree is a cell of about 1 km: enough for fleet statistics, not for a home address.
            truncate("gps", List.of("latitude", "longitude", "lat", "lon", "lng"), 2, Role.DATA_ENGINEER.level()),
            // Plates are short and readable by anyone on the street, so no character of one is shown.
            mask("plate", List.of("plate", "plateNumber", "licensePlate"), 0, Role.OTA_OPERATOR.level()));

    public MaskingRule {
        if (field == null || field.isEmpty() || field.stream().anyMatch(f -> f == null || FieldPath.segments(f).isEmpty())) {
            throw new IllegalArgumentException("a masking rule needs at least one field, e.g. field: vin or field: gps.latitude"
                    + " (got " + field + ")");
        }
        field = field.stream().map(String::trim).toList();
        if (strategy == null) {
            throw new IllegalArgumentException("the masking rule for " + field + " needs a strategy: MASK, HASH, TRUNCATE or REDACT");
        }
        name = name == null || name.isBlank() ? field.get(0) : name.trim();
        minLevel = minLevel == null ? Role.PLATFORM_ADMIN.level() : minLevel;
        if (minLevel < 0) throw new IllegalArgumentException("masking rule " + name + ": min-level must be >= 0");
        only(strategy == MaskingStrategy.MASK, keepLast, name, "keep-last", "MASK");
        only(strategy == MaskingStrategy.TRUNCATE, decimals, name, "decimals", "TRUNCATE");
        only(strategy == MaskingStrategy.TRUNCATE, length, name, "length", "TRUNCATE");
        if (strategy == MaskingStrategy.MASK) {
            keepLast = keepLast == null ? 0 : keepLast;
            if (keepLast < 0) throw new IllegalArgumentException("masking rule " + name + ": keep-last must be >= 0");
        }
        if (strategy == MaskingStrategy.TRUNCATE) {
            decimals = decimals == null ? DEFAULT_DECIMALS : decimals;
            length = length == null ? DEFAULT_LENGTH : length;
            if (decimals < 0 || decimals > 15) throw new IllegalArgumentException("masking rule " + name + ": decimals must be 0..15");
            if (length < 0) throw new IllegalArgumentException("masking rule " + name + ": length must be >= 0");
        }
    }

    public static MaskingRule mask(String name, List<String> fields, int keepLast, int minLevel) {
        return new MaskingRule(name, fields, MaskingStrategy.MASK, minLevel, keepLast, null, null);
    }

    public static MaskingRule hash(String name, List<String> fields, int minLevel) {
        return new MaskingRule(name, fields, MaskingStrategy.HASH, minLevel, null, null, null);
    }

    public static MaskingRule truncate(String name, List<String> fields, int decimals, int minLevel) {
        return new MaskingRule(name, fields, MaskingStrategy.TRUNCATE, minLevel, null, decimals, null);
    }

    public static MaskingRule redact(String name, List<String> fields, int minLevel) {
        return new MaskingRule(name, fields, MaskingStrategy.REDACT, minLevel, null, null, null);
    }

    /** Whether a caller of this level reads the clear value. */
    public boolean clearFor(int level) {
        return level >= minLevel;
    }

    private static void only(boolean applies, Integer parameter, String name, String parameterName, String strategy) {
        if (parameter != null && !applies) {
            throw new IllegalArgumentException("masking rule " + name + ": " + parameterName + " applies to " + strategy + " only");
        }
    }

    /** Field names as the engine compares them: lower case, without {@code _} and {@code -}, split at dots. */
    static final class FieldPath {

        private FieldPath() {
        }

        static List<String> segments(String path) {
            List<String> segments = new ArrayList<>();
            for (String part : path.split("\\.", -1)) {
                String normalized = normalize(part);
                if (normalized.isEmpty()) return List.of();
                segments.add(normalized);
            }
            return List.copyOf(segments);
        }

        static String normalize(String name) {
            StringBuilder out = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c != '_' && c != '-' && !Character.isWhitespace(c)) out.append(c);
            }
            return out.toString().toLowerCase(Locale.ROOT);
        }
    }
}
