package io.fleetloop.edge;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options and {@code --flag}s of one command; anything else is a usage error. */
final class CliArgs {

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CliArgs() {
    }

    static CliArgs parse(String[] args, int from, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        CliArgs parsed = new CliArgs();
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (flagOptions.contains(name)) {
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                parsed.values.put(name, args[++i]);
            } else {
                throw new UsageException("unknown option '" + name + "'");
            }
        }
        return parsed;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) throws UsageException {
        return get(name).orElseThrow(() -> new UsageException(name + " is required"));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    int integer(String name, int fallback) throws UsageException {
        try {
            return get(name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was '" + values.get(name) + "'");
        }
    }

    long longValue(String name, long fallback) throws UsageException {
        try {
            return get(name).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was '" + values.get(name) + "'");
        }
    }

    double decimal(String name, double fallback) throws UsageException {
        try {
            return get(name).map(Double::parseDouble).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, was '" + values.get(name) + "'");
        }
    }

    /** An ISO-8601 duration such as PT1S or PT0.5S. */
    Duration duration(String name, Duration fallback) throws UsageException {
        try {
            return get(name).map(Duration::parse).orElse(fallback);
        } catch (DateTimeParseException e) {
            throw new UsageException(name + " must be an ISO-8601 duration such as PT1S, was '" + values.get(name) + "'");
        }
    }
}
