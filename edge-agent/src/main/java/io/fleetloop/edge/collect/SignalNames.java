package io.fleetloop.edge.collect;

import java.util.HashMap;
import java.util.Map;

/**
 * Which source channel feeds which rule signal (the names a trigger expression uses: {@code speed}, {@code yaw_rate}…).
 * Values are taken as the source gives them (the units of the DBC or CSV: speed in km/h, yaw rate in deg/s for the
 * synthetic DBC). {@link #defaults()} maps the synthetic drive's DBC, IMU and GNSS channels and {@code sim.*} channels.
 */
public final class SignalNames {

    private final Map<String, String> byChannel = new HashMap<>();

    public SignalNames map(String channel, String signal) {
        byChannel.put(channel, signal);
        return this;
    }

    /** The rule signal of a channel, or null. A channel named like a rule signal maps to it. */
    public String signal(String channel) {
        String mapped = byChannel.get(channel);
        if (mapped != null) return mapped;
        return RuleEvaluator.DEFAULT_SIGNALS.contains(channel) ? channel : null;
    }

    public static SignalNames defaults() {
        return new SignalNames()
                .map("VehicleDynamics.VehicleSpeed", "speed").map("VehicleDynamics.YawRate", "yaw_rate")
                .map("VehicleDynamics.LongAccel", "long_accel").map("VehicleDynamics.LatAccel", "lat_accel")
                .map("Brakes.BrakePressure", "brake_pressure").map("Brakes.BrakePedal", "brake_pedal")
                .map("Powertrain.ThrottlePos", "throttle").map("Powertrain.GearActual", "gear")
                .map("Steering.SteeringAngle", "steering_angle").map("Steering.SteeringRate", "steering_rate")
                .map("WheelSpeeds.WheelSpeedFL", "wheel_speed_fl").map("WheelSpeeds.WheelSpeedFR", "wheel_speed_fr")
                .map("WheelSpeeds.WheelSpeedRL", "wheel_speed_rl").map("WheelSpeeds.WheelSpeedRR", "wheel_speed_rr")
                .map("BodyStatus.Odometer", "odometer").map("Battery.StateOfCharge", "battery_soc")
                .map("imu.ax", "accel_x").map("imu.ay", "accel_y").map("imu.az", "accel_z")
                .map("gnss.lat", "latitude").map("gnss.lon", "longitude").map("gnss.alt", "altitude").map("gnss.heading", "heading")
                .map("sim.takeover", "takeover").map("sim.accident_flag", "accident_flag");
    }
}
