package io.fleetloop.command.orchestration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Edge collection limits: the longest window (seconds) a device's ring buffer holds, so no trigger window may exceed it,
 * and the signal names a trigger expression may use (each a double).
 */
@ConfigurationProperties("fleetloop.edge-collection")
public record EdgeCollectionProperties(Double maxWindowSeconds, List<String> signals) {

    public static final List<String> DEFAULT_SIGNALS = List.of("speed", "yaw_rate", "accel_x", "accel_y", "accel_z", "lat_accel",
            "long_accel", "brake_pressure", "brake_pedal", "throttle", "steering_angle", "steering_rate", "wheel_speed_fl",
            "wheel_speed_fr", "wheel_speed_rl", "wheel_speed_rr", "gear", "takeover", "accident_flag", "battery_soc", "odometer",
            "latitude", "longitude", "altitude", "heading");

    public EdgeCollectionProperties {
        maxWindowSeconds = maxWindowSeconds == null ? 60.0 : maxWindowSeconds;
        signals = signals == null || signals.isEmpty() ? DEFAULT_SIGNALS : List.copyOf(signals);
    }
}
