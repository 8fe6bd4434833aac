package io.fleetloop.api.simulation;

import java.time.Instant;
import java.util.List;

/** A task with its progress ({@code itemsDone} of {@code batchSize}) and, once stopped, its outputs. */
public record SimulationTaskView(String taskId, String scenarioId, int scenarioVersion, ScenarioType scenarioType, int batchSize,
                                 long seed, String status, int itemsDone, double cpuSeconds, List<String> outputAssetIds,
                                 String origin, String errorMessage, Instant createdAt, Instant completedAt) {
}
