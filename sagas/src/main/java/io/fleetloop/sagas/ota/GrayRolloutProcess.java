package io.fleetloop.sagas.ota;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.CloseBatchCommand;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.ReleaseResumedEvent;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import io.fleetloop.api.ota.StartBatchCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

/**
 * Seed 000 §6 / 001 §7.3 gray rollout: each deploying batch gets a persistent timeout deadline (silent devices
 * count as failed when it fires); after a batch completed with its threshold met, the next batch starts when the
 * policy's interval has elapsed (a persistent deadline, so restarts do not lose it). Pauses are decided by the
 * release itself; a resume starts the next batch at once. The saga ends with the closed loop or a rollback.
 */
@Saga
@ProcessingGroup(GrayRolloutProcess.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class GrayRolloutProcess {

    static final String PROCESSING_GROUP = "ota-rollout";
    static final String NEXT_BATCH = "ota-next-batch";
    static final String BATCH_TIMEOUT = "ota-batch-timeout";

    @JsonIgnore
    private transient CommandGateway commands;
    @JsonIgnore
    private transient DeadlineManager deadlines;

    private ReleaseTaskId taskId;
    private String tenantId;
    private int batchCount;
    private long intervalMillis;
    private long timeoutMillis;
    /** Index of the batch to start next, or -1 when none is due. */
    private int nextBatch = -1;

    @Autowired
    void setCommands(CommandGateway commands) {
        this.commands = commands;
    }

    @Autowired
    void setDeadlines(DeadlineManager deadlines) {
        this.deadlines = deadlines;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "taskId")
    void on(ReleaseStartedEvent event) {
        taskId = event.taskId();
        tenantId = event.tenantId();
        batchCount = event.batches().size();
        intervalMillis = event.grayPolicy().effectiveInterval().toMillis();
        timeoutMillis = event.grayPolicy().effectiveBatchTimeout().toMillis();
    }

    @SagaEventHandler(associationProperty = "taskId")
    void on(DeploymentBatchStartedEvent event) {
        nextBatch = -1;
        deadlines.cancelAllWithinScope(NEXT_BATCH);
        deadlines.schedule(Duration.ofMillis(timeoutMillis), BATCH_TIMEOUT, event.batchIndex());
    }

    @SagaEventHandler(associationProperty = "taskId")
    void on(DeploymentBatchCompletedEvent event) {
        deadlines.cancelAllWithinScope(BATCH_TIMEOUT);
        if (event.status() == BatchStatus.COMPLETED && !event.lastBatch()) {
            nextBatch = event.batchIndex() + 1;
            deadlines.schedule(Duration.ofMillis(intervalMillis), NEXT_BATCH, nextBatch);
        } else if (!event.lastBatch()) {
            nextBatch = event.batchIndex() + 1; // paused by the release; a resume starts it
        }
    }

    @SagaEventHandler(associationProperty = "taskId")
    void on(ReleaseResumedEvent event) {
        if (nextBatch >= 0) {
            deadlines.cancelAllWithinScope(NEXT_BATCH);
            commands.sendAndWait(new StartBatchCommand(taskId, tenantId, nextBatch));
        }
    }

    /**
     * Starts the batch. On several nodes another node may append to the release at the same moment (a device report):
     * the event store refuses this start's append once, and a second attempt decides on the release as stored (cached
     * copies are checked against the store, {@code AggregateCacheVerification}). Refused again, the release was paused
     * meanwhile: the resume starts the batch.
     */
    @DeadlineHandler(deadlineName = NEXT_BATCH)
    void startNext(Integer batchIndex) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                commands.sendAndWait(new StartBatchCommand(taskId, tenantId, batchIndex));
                return;
            } catch (RuntimeException refused) {
                // first: perhaps a concurrent append, try once more; second: paused meanwhile
            }
        }
    }

    @DeadlineHandler(deadlineName = BATCH_TIMEOUT)
    void timeOut(Integer batchIndex) {
        commands.sendAndWait(new CloseBatchCommand(taskId, tenantId, batchIndex, true));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "taskId")
    void on(OTAClosedLoopCompletedEvent event) {
        deadlines.cancelAllWithinScope(NEXT_BATCH);
        deadlines.cancelAllWithinScope(BATCH_TIMEOUT);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "taskId")
    void on(RollbackTriggeredEvent event) {
        deadlines.cancelAllWithinScope(NEXT_BATCH);
        deadlines.cancelAllWithinScope(BATCH_TIMEOUT);
    }
}
