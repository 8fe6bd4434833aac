package io.fleetloop.formats.dbc;

import java.util.List;
import java.util.Map;

/**
 * One {@code SG_} line of a DBC file. {@code startBit} is as written in the DBC: the least significant bit for
 * Intel ({@code @1}) and the most significant bit, in the DBC's byte-wise numbering, for Motorola ({@code @0}).
 * {@code multiplexValue} applies only when {@code multiplex} is {@link Multiplex#MULTIPLEXED}.
 */
public record DbcSignal(String name, int startBit, int length, boolean littleEndian, boolean signed,
                        ValueType valueType, double factor, double offset, double min, double max, String unit,
                        List<String> receivers, Multiplex multiplex, long multiplexValue,
                        Map<Long, String> valueTable, String comment) {

    public enum Multiplex { NONE, MULTIPLEXER, MULTIPLEXED }

    /** {@code SIG_VALTYPE_}: integer (default), IEEE float (32 bits) or double (64 bits). */
    public enum ValueType { INTEGER, FLOAT, DOUBLE }

    DbcSignal with(ValueType type, Map<Long, String> table, String newComment) {
        return new DbcSignal(name, startBit, length, littleEndian, signed, type, factor, offset, min, max, unit,
                receivers, multiplex, multiplexValue, table, newComment);
    }
}
