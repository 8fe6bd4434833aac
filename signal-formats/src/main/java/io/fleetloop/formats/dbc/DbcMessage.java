package io.fleetloop.formats.dbc;

import java.util.List;
import java.util.Optional;

/**
 * One {@code BO_} of a DBC file. {@code id} is the CAN id without flags; DBC marks 29-bit ids by setting bit 31
 * of the written id, which becomes {@code extended}.
 */
public record DbcMessage(int id, boolean extended, String name, int length, String transmitter,
                         List<DbcSignal> signals, String comment) {

    public Optional<DbcSignal> signal(String name) {
        return signals.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    Optional<DbcSignal> multiplexer() {
        return signals.stream().filter(s -> s.multiplex() == DbcSignal.Multiplex.MULTIPLEXER).findFirst();
    }
}
