package io.fleetloop.api.simulation;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

/**
 * One file of a generated item, content-addressed: {@code kind} is {@code lidar} (KITTI .bin), {@code ground-truth}
 * (3D boxes, JSON), {@code trajectories} (NDJSON), {@code can} (candump text) or {@code dbc} (the signal database).
 */
public record SimulationOutput(AssetId assetId, String kind, Modality modality, String storagePath, long sizeBytes, String sha256) {
}
