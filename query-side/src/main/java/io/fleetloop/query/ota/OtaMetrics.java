package io.fleetloop.query.ota;

import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Seed 001 §9.3 metrics on {@code /actuator/prometheus}: {@code release_tasks_total},
 * {@code deployment_batches_completed}, {@code deployment_devices_success}, {@code rollbacks_triggered}, tagged by
 * tenant. Counted from the events by a tracking processor that is not replayed (counters restart with the process,
 * as Prometheus counters may). It runs with the processors role: the processor's token gives each event to one
 * process, so the counters of all processes add up to the fleet's.
 */
@Component
@ProcessingGroup("ota-metrics")
class OtaMetrics {

    private final MeterRegistry registry;

    OtaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    @DisallowReplay
    void on(ReleaseTaskCreatedEvent event) {
        registry.counter("release_tasks", "tenant", event.tenantId(), "release_type", event.releaseType().name()).increment();
    }

    @EventHandler
    @DisallowReplay
    void on(DeploymentBatchCompletedEvent event) {
        registry.counter("deployment_batches_completed", "tenant", event.tenantId(),
                "status", event.status() == BatchStatus.COMPLETED ? "completed" : "failed").increment();
        registry.counter("deployment_devices_success", "tenant", event.tenantId()).increment(event.successCount());
    }

    @EventHandler
    @DisallowReplay
    void on(RollbackTriggeredEvent event) {
        registry.counter("rollbacks_triggered", "tenant", event.tenantId(), "automatic", String.valueOf(event.automatic())).increment();
    }
}
