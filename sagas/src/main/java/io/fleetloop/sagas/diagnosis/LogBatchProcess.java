package io.fleetloop.sagas.diagnosis;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fleetloop.api.diagnosis.AllFilesParsedEvent;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.BatchStatus;
import io.fleetloop.api.diagnosis.DiagnoseLogBatchJob;
import io.fleetloop.api.diagnosis.ExpireBatchPhaseCommand;
import io.fleetloop.api.diagnosis.GatherLogBatchJob;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.ParseLogFileJob;
import io.fleetloop.api.diagnosis.ScatterStartedEvent;
import io.fleetloop.api.diagnosis.StatusChangedEvent;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

/**
 * Seed 004's log-batch pipeline as a process: on scatter it queues one parse job per file (db-scheduler executions, so
 * a restart loses none and a re-run job only re-reports, which the batch ignores) and a scatter deadline; when the
 * batch's barrier fired it queues the gather job; when gathering completed it queues the diagnosis job
 * ({@link DiagnoseLogBatchJob}, run by the knowledge-base diagnoser) and a diagnosis deadline. Deadlines turn into
 * {@link ExpireBatchPhaseCommand}s the batch decides on. The process ends with the batch (completed or failed).
 */
@Saga
@ProcessingGroup(LogBatchProcess.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class LogBatchProcess {

    static final String PROCESSING_GROUP = "log-batch-process";
    static final String SCATTER_DEADLINE = "log-batch-scatter-deadline";
    static final String DIAGNOSIS_DEADLINE = "log-batch-diagnosis-deadline";

    @JsonIgnore
    private transient CommandGateway commands;
    @JsonIgnore
    private transient DeadlineManager deadlines;
    @JsonIgnore
    private transient JobQueue jobs;

    private LogBatchId batchId;
    private String tenantId;

    @Autowired
    void setCommands(CommandGateway commands) {
        this.commands = commands;
    }

    @Autowired
    void setDeadlines(DeadlineManager deadlines) {
        this.deadlines = deadlines;
    }

    @Autowired
    void setJobs(JobQueue jobs) {
        this.jobs = jobs;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "batchId")
    void on(ScatterStartedEvent event) throws Exception {
        batchId = event.batchId();
        tenantId = event.tenantId();
        for (BatchFile file : event.files()) {
            ParseLogFileJob job = new ParseLogFileJob(tenantId, batchId, file);
            jobs.start(ParseLogFileJob.NAME, job.instanceId(), job);
        }
        deadlines.schedule(event.deadline(), SCATTER_DEADLINE);
    }

    @SagaEventHandler(associationProperty = "batchId")
    void on(AllFilesParsedEvent event) throws Exception {
        deadlines.cancelAllWithinScope(SCATTER_DEADLINE);
        GatherLogBatchJob job = new GatherLogBatchJob(tenantId, batchId, event.files());
        jobs.start(GatherLogBatchJob.NAME, job.instanceId(), job);
    }

    @SagaEventHandler(associationProperty = "batchId")
    void on(GatheringCompletedEvent event) throws Exception {
        List<String> findings = event.report().signals().stream().filter(s -> s.outOfRange() > 0)
                .map(s -> s.signal() + ": " + s.outOfRange() + " of " + s.samples() + " samples out of range").toList();
        DiagnoseLogBatchJob job = new DiagnoseLogBatchJob(tenantId, batchId, event.vehiclePlatform(), event.firmwareVersion(),
                event.report().errorCodes().stream().limit(20).toList(), findings, event.diagnosisAttempt());
        jobs.start(DiagnoseLogBatchJob.NAME, job.instanceId(), job);
        deadlines.schedule(event.diagnosisDeadline(), DIAGNOSIS_DEADLINE);
    }

    @SagaEventHandler(associationProperty = "batchId")
    void on(StatusChangedEvent event) {
        if (!event.to().terminal()) return;
        deadlines.cancelAllWithinScope(SCATTER_DEADLINE);
        deadlines.cancelAllWithinScope(DIAGNOSIS_DEADLINE);
        SagaLifecycle.end();
    }

    @DeadlineHandler(deadlineName = SCATTER_DEADLINE)
    void scatterDeadline() {
        expire(BatchStatus.SCATTERING);
    }

    @DeadlineHandler(deadlineName = DIAGNOSIS_DEADLINE)
    void diagnosisDeadline() {
        expire(BatchStatus.DIAGNOSING);
    }

    private void expire(BatchStatus phase) {
        commands.sendAndWait(new ExpireBatchPhaseCommand(batchId, tenantId, phase),
                MetaData.from(Map.of("operator", "log-batch-process", "tenantId", tenantId)));
    }
}
