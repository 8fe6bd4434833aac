package io.fleetloop.formats.csv;

import io.fleetloop.formats.TimeUnitScale;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which CSV column holds the timestamp (and in which unit), and which columns become which channels, e.g. an IMU
 * log {@code t,ax,ay,az,gx,gy,gz} mapped to {@code imu.accel_x}, ... Columns not mapped are ignored.
 */
public record CsvMapping(String timeColumn, TimeUnitScale timeUnit, Map<String, String> channels, char delimiter) {

    public CsvMapping {
        channels = new LinkedHashMap<>(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a CSV mapping needs at least one value column");
        }
    }

    /** Every listed column becomes the channel {@code prefix + column}. */
    public static CsvMapping of(String timeColumn, TimeUnitScale unit, String prefix, String... columns) {
        Map<String, String> channels = new LinkedHashMap<>();
        for (String c : columns) {
            channels.put(c, prefix + c);
        }
        return new CsvMapping(timeColumn, unit, channels, ',');
    }
}
