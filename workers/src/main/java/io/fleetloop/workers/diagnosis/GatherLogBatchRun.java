package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.BatchReport;
import io.fleetloop.api.diagnosis.FileOutcome;
import io.fleetloop.api.diagnosis.GatherLogBatchJob;
import io.fleetloop.api.diagnosis.RecordBatchGatheredCommand;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import io.minio.GetObjectArgs;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The log-gather job (queued once the barrier fired): reads the parsed files' partial statistics and answers the batch
 * report by command (idempotent: a re-run job's answer is ignored). Its last failed try fails the batch with the reason.
 */
@Component
class GatherLogBatchRun implements Job<GatherLogBatchJob> {

    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final ObjectMapper json;

    GatherLogBatchRun(PlatformObjectStore store, CommandGateway commands, ObjectMapper json) {
        this.store = store;
        this.commands = commands;
        this.json = json;
    }

    @Override
    public String name() {
        return GatherLogBatchJob.NAME;
    }

    @Override
    public Class<GatherLogBatchJob> requestType() {
        return GatherLogBatchJob.class;
    }

    @Override
    public int maxTries() {
        return 3;
    }

    @Override
    public void run(GatherLogBatchJob job, JobContext context) throws Exception {
        MetaData metaData = MetaData.from(Map.of("operator", "log-gather", "tenantId", job.tenantId()));
        BatchReport report;
        try {
            Map<String, FilePartial> partials = new HashMap<>();
            for (FileOutcome outcome : job.files()) {
                if (!outcome.parsed()) continue;
                String key = ParseLogFileRun.partialKey(job.tenantId(), job.batchId().value(), outcome.file().fileId());
                try (InputStream in = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build())) {
                    partials.put(outcome.file().fileId(), json.readValue(in, FilePartial.class));
                }
            }
            report = BatchGatherer.gather(job.files(), partials);
        } catch (Exception e) {
            if (!context.lastTry()) throw e;
            commands.sendAndWait(new RecordBatchGatheredCommand(job.batchId(), job.tenantId(), null, e.getMessage()), metaData);
            return;
        }
        context.progress(1, 1);
        commands.sendAndWait(new RecordBatchGatheredCommand(job.batchId(), job.tenantId(), report, null), metaData);
    }
}
