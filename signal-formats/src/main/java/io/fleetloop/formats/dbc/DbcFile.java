package io.fleetloop.formats.dbc;

import io.fleetloop.formats.SourceError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A parsed DBC file: its messages, and the lines that could not be understood (skipped, not fatal). */
public record DbcFile(List<DbcMessage> messages, List<SourceError> errors) {

    public DbcFile {
        messages = List.copyOf(messages);
        errors = List.copyOf(errors);
    }

    public Optional<DbcMessage> message(int id, boolean extended) {
        return messages.stream().filter(m -> m.id() == id && m.extended() == extended).findFirst();
    }

    public Optional<DbcMessage> message(String name) {
        return messages.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    Map<Long, DbcMessage> byKey() {
        return messages.stream().collect(Collectors.toMap(m -> key(m.id(), m.extended()), Function.identity(),
                (a, b) -> a));
    }

    static long key(int id, boolean extended) {
        return extended ? (1L << 32) | id : id;
    }
}
