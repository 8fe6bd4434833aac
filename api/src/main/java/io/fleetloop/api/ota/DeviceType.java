package io.fleetloop.api.ota;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.Locale;

/** Seed 001 target device types; the training platform sends them in lower case. */
public enum DeviceType {
    VEHICLE, ROBOT, INDUSTRIAL;

    @JsonCreator
    public static DeviceType parse(String value) {
        return value == null ? null : DeviceType.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
