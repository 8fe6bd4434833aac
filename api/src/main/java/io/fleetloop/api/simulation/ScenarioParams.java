package io.fleetloop.api.simulation;

/** Names of the scenario parameters (keys of {@code scenarioParams}) and their canonical units. */
public final class ScenarioParams {

    /** ego speed, m/s (km/h, mph accepted) */
    public static final String EGO_SPEED = "egoSpeed";
    /** actors' speed, m/s (km/h, mph accepted) */
    public static final String ACTOR_SPEED = "actorSpeed";
    /** initial longitudinal gap ego → first actor, m (km, ft accepted) */
    public static final String GAP = "gap";
    /** number of actors, count */
    public static final String ACTOR_COUNT = "actorCount";
    /** LiDAR range noise (standard deviation), m (cm accepted) */
    public static final String LIDAR_NOISE = "lidarNoise";
    /** rain rate (weather), mm/h: drops LiDAR returns */
    public static final String RAIN_RATE = "rainRate";
    /** simulated time per item, s (ms, min accepted) */
    public static final String DURATION = "duration";
    /** trajectory and CAN sample rate, Hz */
    public static final String SAMPLE_RATE = "sampleRate";

    private ScenarioParams() {
    }
}
