package io.fleetloop.command.simulation;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioParams;
import io.fleetloop.api.simulation.ScenarioType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scenario's parameters may be, per type: each parameter's accepted units (converted to its canonical unit),
 * its bounds, whether it is required, and its default. A bad parameter is refused as 400 naming
 * {@code scenarioParams.<name>[.min|.max|.unit]}.
 */
final class ScenarioValidation {

    private record Unit(String name, double factor) {
    }

    private record Spec(Unit[] units, double lowest, double highest, boolean required, ParamRange fallback, boolean integer) {
    }

    private static final Unit[] SPEED = {new Unit("m/s", 1), new Unit("km/h", 1 / 3.6), new Unit("mph", 0.44704)};
    private static final Unit[] DISTANCE = {new Unit("m", 1), new Unit("km", 1000), new Unit("ft", 0.3048)};
    private static final Unit[] NOISE = {new Unit("m", 1), new Unit("cm", 0.01)};
    private static final Unit[] COUNT = {new Unit("count", 1)};
    private static final Unit[] RAIN = {new Unit("mm/h", 1)};
    private static final Unit[] TIME = {new Unit("s", 1), new Unit("ms", 0.001), new Unit("min", 60)};
    private static final Unit[] RATE = {new Unit("Hz", 1)};

    private ScenarioValidation() {
    }

    private static Map<String, Spec> specs(ScenarioType type) {
        boolean agv = type == ScenarioType.AGV_AISLE_CROSSING;
        boolean walkers = agv || type == ScenarioType.PEDESTRIAN_CROSSING;
        Map<String, Spec> specs = new LinkedHashMap<>();
        specs.put(ScenarioParams.EGO_SPEED, new Spec(SPEED, 0, agv ? 4 : 50, true, null, false));
        specs.put(ScenarioParams.ACTOR_SPEED, new Spec(SPEED, 0, walkers ? 4 : 50, false,
                walkers ? new ParamRange(1.0, 1.6, "m/s") : new ParamRange(5.0, 12.0, "m/s"), false));
        specs.put(ScenarioParams.GAP, new Spec(DISTANCE, agv ? 2 : 5, agv ? 50 : 200, false,
                agv ? new ParamRange(8.0, 15.0, "m") : new ParamRange(20.0, 40.0, "m"), false));
        specs.put(ScenarioParams.ACTOR_COUNT, new Spec(COUNT, 1, type == ScenarioType.CUT_IN || type == ScenarioType.EMERGENCY_BRAKING ? 8 : 20,
                false, new ParamRange(1.0, 3.0, "count"), true));
        specs.put(ScenarioParams.LIDAR_NOISE, new Spec(NOISE, 0, 0.5, false, new ParamRange(0.01, 0.03, "m"), false));
        specs.put(ScenarioParams.RAIN_RATE, new Spec(RAIN, 0, 100, false, new ParamRange(0.0, 0.0, "mm/h"), false));
        specs.put(ScenarioParams.DURATION, new Spec(TIME, 1, 60, false, new ParamRange(8.0, 8.0, "s"), false));
        specs.put(ScenarioParams.SAMPLE_RATE, new Spec(RATE, 1, 50, false, new ParamRange(10.0, 10.0, "Hz"), false));
        return specs;
    }

    /** The parameters in canonical units with defaults filled in, ordered by name; or a 400 naming the bad one. */
    static Map<String, ParamRange> normalize(ScenarioType type, Map<String, ParamRange> params) {
        if (type == null) throw FleetloopException.invalid("scenarioType", "one of CUT_IN, PEDESTRIAN_CROSSING, EMERGENCY_BRAKING, "
                + "UNPROTECTED_LEFT_TURN, AGV_AISLE_CROSSING");
        Map<String, ParamRange> given = params == null ? Map.of() : params;
        Map<String, Spec> specs = specs(type);
        for (String name : given.keySet()) {
            if (!specs.containsKey(name)) {
                throw FleetloopException.invalid("scenarioParams." + name, "unknown parameter for " + type + "; known: " + specs.keySet());
            }
        }
        Map<String, ParamRange> normalized = new TreeMap<>();
        specs.forEach((name, spec) -> {
            ParamRange range = given.get(name);
            String field = "scenarioParams." + name;
            if (range == null) {
                if (spec.required()) throw FleetloopException.invalid(field, "required for " + type);
                normalized.put(name, spec.fallback());
                return;
            }
            if (range.min() == null || !Double.isFinite(range.min())) throw FleetloopException.invalid(field + ".min", "a number is required");
            if (range.max() == null || !Double.isFinite(range.max())) throw FleetloopException.invalid(field + ".max", "a number is required");
            Unit unit = unit(spec, range.unit(), field);
            double min = range.min() * unit.factor(), max = range.max() * unit.factor();
            String canonical = spec.units()[0].name();
            if (min > max) throw FleetloopException.invalid(field, "min (" + range.min() + ") must not exceed max (" + range.max() + ")");
            if (min < spec.lowest() - 1e-9) {
                throw FleetloopException.invalid(field + ".min", "at least " + spec.lowest() + " " + canonical + " for " + type);
            }
            if (max > spec.highest() + 1e-9) {
                throw FleetloopException.invalid(field + ".max", "at most " + spec.highest() + " " + canonical + " for " + type);
            }
            if (spec.integer() && (min != Math.rint(min) || max != Math.rint(max))) {
                throw FleetloopException.invalid(field, "whole numbers");
            }
            normalized.put(name, new ParamRange(round(min), round(max), canonical));
        });
        return normalized;
    }

    private static Unit unit(Spec spec, String given, String field) {
        if (given == null || given.isBlank()) return spec.units()[0];
        for (Unit unit : spec.units()) {
            if (unit.name().equalsIgnoreCase(given.trim())) return unit;
        }
        StringBuilder known = new StringBuilder();
        for (Unit unit : spec.units()) known.append(known.isEmpty() ? "" : ", ").append(unit.name());
        throw FleetloopException.invalid(field + ".unit", "'" + given + "' is not a unit of this parameter; use " + known);
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
