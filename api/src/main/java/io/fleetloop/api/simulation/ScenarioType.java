package io.fleetloop.api.simulation;

/** The scenario families the built-in engine simulates (seed 000 §5 step 1, {@code scenarioType}). */
public enum ScenarioType {
    /** a vehicle from the adjacent lane cuts in ahead of the ego */
    CUT_IN,
    /** pedestrians cross the ego's lane ahead */
    PEDESTRIAN_CROSSING,
    /** the lead vehicle brakes hard */
    EMERGENCY_BRAKING,
    /** the ego turns left across oncoming traffic */
    UNPROTECTED_LEFT_TURN,
    /** an AGV drives down a warehouse aisle that workers cross */
    AGV_AISLE_CROSSING
}
