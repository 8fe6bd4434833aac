package io.fleetloop.api.behavior;

/** What a session source holds, which decides its reader and its default interpolation. */
public enum SourceKind { MCAP, CAN, DBC, IMU, GNSS, PERCEPTION, DECISION, LIDAR, CAMERA }
