package io.fleetloop.api.simulation;

import io.fleetloop.api.catalog.AssetId;

import java.time.Instant;
import java.util.List;

/**
 * Seed 000 §5 step 8 ({@code simulation.generated}): the task stopped ({@code status} COMPLETED or CANCELLED) and
 * these are its outputs; the catalog registers them (step 9) and lineage links scenario → task → items (step 10).
 */
public record SimulationDataGeneratedEvent(SimulationTaskId taskId, String tenantId, SimulationScenarioId scenarioId, int scenarioVersion,
                                           String status, int itemCount, List<AssetId> outputAssetIds, List<SimulationOutput> outputs,
                                           Instant completedAt) implements SimulationTaskEvent {
    public SimulationDataGeneratedEvent {
        outputAssetIds = List.copyOf(outputAssetIds);
        outputs = List.copyOf(outputs);
    }
}
