package io.fleetloop.formats.align;

import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcSignal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Interpolation overrides for the discrete signals of a DBC, which decode to numbers but must not be interpolated:
 * signals with a value table ({@code VAL_}), multiplexers, and integer signals of at most 4 bits with factor 1 (flags,
 * counters, gear positions) → {@link Interpolation#HOLD}, keyed {@code <sourceName>/<Message>.<Signal>}.
 */
public final class DbcPolicies {

    private DbcPolicies() {
    }

    public static Map<String, Interpolation> discreteSignals(String sourceName, DbcFile dbc) {
        Map<String, Interpolation> out = new TreeMap<>();
        for (DbcMessage m : dbc.messages()) {
            for (DbcSignal s : m.signals()) {
                boolean discrete = !s.valueTable().isEmpty() || s.multiplex() == DbcSignal.Multiplex.MULTIPLEXER
                        || (s.valueType() == DbcSignal.ValueType.INTEGER && s.length() <= 4 && s.factor() == 1.0);
                if (discrete) {
                    out.put(sourceName + "/" + m.name() + "." + s.name(), Interpolation.HOLD);
                }
            }
        }
        return out;
    }
}
