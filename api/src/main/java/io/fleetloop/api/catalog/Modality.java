package io.fleetloop.api.catalog;

/** Kind of sensor or derived data an asset holds. */
public enum Modality { LIDAR, CAMERA, RADAR, IMU, GNSS, CAN, VEHICLE_LOG, VIDEO, DATASET, OTHER, MCAP, PERCEPTION, SIGNAL_DATABASE, MODEL }
