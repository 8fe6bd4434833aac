package io.fleetloop.sagas.simulation;

import io.fleetloop.api.simulation.SimulationJob;
import io.fleetloop.api.simulation.SimulationTaskCreatedEvent;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/** Seed 000 §5 step 5: a created simulation task queues its job (run by a worker), once per task. */
@Component
@ProcessingGroup(SimulationLauncher.PROCESSING_GROUP)
class SimulationLauncher {

    static final String PROCESSING_GROUP = "simulation-launcher";

    private final JobQueue jobs;

    SimulationLauncher(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventHandler
    void on(SimulationTaskCreatedEvent event, @MetaDataValue("operator") String operator) throws Exception {
        SimulationJob job = new SimulationJob(event, operator == null ? "system" : operator);
        jobs.start(SimulationJob.NAME, job.instanceId(), job);
    }
}
