package io.fleetloop.api.diagnosis;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware range as a half-open interval of numeric version keys {@code [minKey, maxKeyExclusive)}, so a search
 * index filters it with two range conditions. Accepted notations: comparators ({@code >=2.1.0 <3.0.0}, {@code >1.0},
 * {@code <=3.2.1}, {@code =2.0.0} or a bare version), a Maven-style interval ({@code [2.1.0,3.0.0)},
 * {@code (1.0,2.0]}, {@code [2.0,)}) or {@code *} / empty for all firmware. Versions are up to three numeric parts
 * (an optional leading {@code v}), each below 1,000,000.
 */
public record FirmwareRange(String text, long minKey, long maxKeyExclusive) {

    public static final long ANY_MAX = Long.MAX_VALUE;
    private static final Pattern VERSION = Pattern.compile("v?(\\d{1,6})(?:\\.(\\d{1,6}))?(?:\\.(\\d{1,6}))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=)?\\s*(\\S+)");
    private static final Pattern INTERVAL = Pattern.compile("([\\[(])\\s*([^,\\s]*)\\s*,\\s*([^\\])\\s]*)\\s*([\\])])");

    /** The range, or empty with the reason it is not one. */
    public static Result parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equals("*")) return Result.ok(new FirmwareRange("*", 0, ANY_MAX));
        if (t.length() > 100) return Result.error("at most 100 characters");
        long min = 0;
        long max = ANY_MAX;
        Matcher interval = INTERVAL.matcher(t);
        if (interval.matches()) {
            boolean inclusiveLow = interval.group(1).equals("[");
            boolean inclusiveHigh = interval.group(4).equals("]");
            if (!interval.group(2).isEmpty()) {
                Optional<Long> low = key(interval.group(2));
                if (low.isEmpty()) return Result.error("'" + interval.group(2) + "' is not a version like 2.1.0");
                min = inclusiveLow ? low.get() : low.get() + 1;
            }
            if (!interval.group(3).isEmpty()) {
                Optional<Long> high = key(interval.group(3));
                if (high.isEmpty()) return Result.error("'" + interval.group(3) + "' is not a version like 3.0.0");
                max = inclusiveHigh ? high.get() + 1 : high.get();
            }
        } else if (t.startsWith("[") || t.startsWith("(")) {
            return Result.error("an interval looks like [2.1.0,3.0.0)");
        } else {
            String[] parts = t.replaceAll("(>=|<=|>|<|=)\\s+", "$1").split("[\\s,]+");
            if (parts.length > 2) return Result.error("at most two conditions, like >=2.1.0 <3.0.0");
            for (String part : parts) {
                Matcher c = COMPARATOR.matcher(part);
                if (!c.matches()) return Result.error("'" + part + "' is not a condition like >=2.1.0");
                Optional<Long> key = key(c.group(2));
                if (key.isEmpty()) return Result.error("'" + c.group(2) + "' is not a version like 2.1.0");
                String op = c.group(1) == null ? "=" : c.group(1);
                switch (op) {
                    case ">=" -> min = Math.max(min, key.get());
                    case ">" -> min = Math.max(min, key.get() + 1);
                    case "<" -> max = Math.min(max, key.get());
                    case "<=" -> max = Math.min(max, key.get() + 1);
                    default -> {
                        min = Math.max(min, key.get());
                        max = Math.min(max, key.get() + 1);
                    }
                }
            }
        }
        if (min >= max) return Result.error("the range is empty (its lower bound is not below its upper bound)");
        return Result.ok(new FirmwareRange(t, min, max));
    }

    /** A version's sortable key: major·10¹² + minor·10⁶ + patch. */
    public static Optional<Long> key(String version) {
        if (version == null) return Optional.empty();
        Matcher m = VERSION.matcher(version.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) return Optional.empty();
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long patch = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Optional.of(major * 1_000_000_000_000L + minor * 1_000_000L + patch);
    }

    public boolean contains(String version) {
        return key(version).map(k -> k >= minKey && k < maxKeyExclusive).orElse(false);
    }

    public record Result(FirmwareRange range, String error) {
        static Result ok(FirmwareRange range) {
            return new Result(range, null);
        }

        static Result error(String error) {
            return new Result(null, error);
        }

        public boolean valid() {
            return range != null;
        }
    }
}
