package io.fleetloop.workers.simulation.engine;

import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioParams;

import java.util.Map;
import java.util.SplittableRandom;

/** The concrete values of one item, drawn uniformly from the scenario's ranges (canonical units). */
public record ScenarioDraw(double egoSpeed, double actorSpeed, double gap, int actorCount, double lidarNoise, double rainRate,
                           double duration, double sampleRate) {

    static ScenarioDraw draw(Map<String, ParamRange> params, SplittableRandom random) {
        return new ScenarioDraw(
                value(params, ScenarioParams.EGO_SPEED, 10, random),
                value(params, ScenarioParams.ACTOR_SPEED, 8, random),
                value(params, ScenarioParams.GAP, 30, random),
                (int) Math.round(value(params, ScenarioParams.ACTOR_COUNT, 1, random)),
                value(params, ScenarioParams.LIDAR_NOISE, 0.02, random),
                value(params, ScenarioParams.RAIN_RATE, 0, random),
                value(params, ScenarioParams.DURATION, 8, random),
                value(params, ScenarioParams.SAMPLE_RATE, 10, random));
    }

    private static double value(Map<String, ParamRange> params, String name, double fallback, SplittableRandom random) {
        ParamRange range = params.get(name);
        // always consume one draw, so adding a parameter to a scenario never shifts the others' values
        double u = random.nextDouble();
        if (range == null || range.min() == null || range.max() == null) return fallback;
        return range.min() + u * (range.max() - range.min());
    }
}
