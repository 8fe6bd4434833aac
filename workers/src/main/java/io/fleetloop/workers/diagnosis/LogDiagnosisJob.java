package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.fleetloop.api.diagnosis.DiagnoseLogBatchJob;
import io.fleetloop.api.diagnosis.RecordBatchDiagnosisCommand;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code log-diagnosis} job (queued by the log-batch process after gather): diagnoses the batch
 * ({@link DiagnosisPipeline}) and answers the LogBatch with {@link RecordBatchDiagnosisCommand}. When the model's
 * slots are all taken it does not hold a thread: it queues itself again {@code deferDelay} later (instance id
 * {@code <batch>#<attempt>~d<n>}) and, after {@code maxDeferrals}, diagnoses with the built-in diagnoser. Each
 * diagnosis is metered ({@code diagnosis-calls}, and {@code llm-tokens:<model>} when the model reported tokens).
 * A failure is retried with back-off; the last try records the failed diagnosis with its reason.
 */
public class LogDiagnosisJob implements Job<DiagnoseLogBatchJob> {

    static final int MAX_TRIES = 4;
    private static final Pattern DEFERRAL = Pattern.compile("~d(\\d+)$");
    private static final Logger log = LoggerFactory.getLogger(LogDiagnosisJob.class);

    private final DiagnosisPipeline pipeline;
    private final CommandGateway commands;
    private final SchedulerClient scheduler;
    private final ObjectMapper json;
    private final Clock clock;
    private final DiagnosisProperties.Llm llm;

    public LogDiagnosisJob(DiagnosisPipeline pipeline, CommandGateway commands, SchedulerClient scheduler, ObjectMapper json, Clock clock,
                           DiagnosisProperties.Llm llm) {
        this.pipeline = pipeline;
        this.commands = commands;
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock;
        this.llm = llm;
    }

    @Override
    public String name() {
        return DiagnoseLogBatchJob.NAME;
    }

    @Override
    public Class<DiagnoseLogBatchJob> requestType() {
        return DiagnoseLogBatchJob.class;
    }

    @Override
    public int maxTries() {
        return MAX_TRIES;
    }

    @Override
    public void run(DiagnoseLogBatchJob job, JobContext context) throws Exception {
        MetaData metaData = MetaData.from(Map.of("operator", "diagnosis", "tenantId", job.tenantId()));
        int deferrals = deferrals(context.jobId());
        DiagnosisPipeline.Outcome outcome;
        try {
            outcome = pipeline.diagnose(job, deferrals < llm.maxDeferrals());
        } catch (DiagnoserBusyException busy) {
            String next = job.instanceId() + "~d" + (deferrals + 1);
            scheduler.scheduleIfNotExists(new TaskInstance<>(DiagnoseLogBatchJob.NAME, next, json.writeValueAsString(job)),
                    clock.instant().plus(llm.deferDelay()));
            log.info("Diagnosis of batch {} deferred ({}): {}", job.batchId(), next, busy.getMessage());
            return;
        } catch (RuntimeException e) {
            if (!context.lastTry()) throw e;
            commands.sendAndWait(new RecordBatchDiagnosisCommand(job.batchId(), job.tenantId(), job.attempt(), null,
                    "diagnosis failed after " + context.attempt() + " tries: " + e.getMessage()), metaData);
            return;
        }
        UsageSubject subject = UsageSubject.ofTask(job.tenantId(), LoopContext.BHV, job.batchId().value());
        context.meter(subject, "diagnosis-calls", 1, "call");
        if (outcome.tokens() > 0) context.meter(subject, "llm-tokens:" + llm.model(), outcome.tokens(), "token");
        commands.sendAndWait(new RecordBatchDiagnosisCommand(job.batchId(), job.tenantId(), job.attempt(), outcome.diagnosis(), null), metaData);
    }

    static int deferrals(String jobId) {
        Matcher m = DEFERRAL.matcher(jobId);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
