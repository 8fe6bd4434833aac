package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.FileParseStats;
import io.fleetloop.api.diagnosis.ParseLogFileJob;
import io.fleetloop.api.diagnosis.RecordFileParseFailedCommand;
import io.fleetloop.api.diagnosis.RecordFileParsedCommand;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import io.minio.GetObjectArgs;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/**
 * The log-parse job, one per file of a batch (queued by the log-batch process on scatter): streams the file from the
 * store through {@link LogParser}, writes the file's partial statistics next to it, meters the bytes and lines parsed,
 * and reports {@code FileParsed} by command — idempotent by fileId, so a re-run job (a revived execution after a crash)
 * reports again harmlessly. A file whose content is not a log fails at once with the reason; store errors are retried,
 * and the last try fails the file.
 */
@Component
class ParseLogFileRun implements Job<ParseLogFileJob> {

    private static final Logger log = LoggerFactory.getLogger(ParseLogFileRun.class);

    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final ObjectMapper json;

    ParseLogFileRun(PlatformObjectStore store, CommandGateway commands, ObjectMapper json) {
        this.store = store;
        this.commands = commands;
        this.json = json;
    }

    @Override
    public String name() {
        return ParseLogFileJob.NAME;
    }

    @Override
    public Class<ParseLogFileJob> requestType() {
        return ParseLogFileJob.class;
    }

    @Override
    public int maxTries() {
        return 3;
    }

    static String partialKey(String tenantId, String batchId, String fileId) {
        return PlatformObjectStore.tenantPrefix(tenantId) + "log-batches/" + batchId + "/parsed/" + fileId + ".json";
    }

    @Override
    public void run(ParseLogFileJob job, JobContext context) throws Exception {
        BatchFile file = job.file();
        MetaData metaData = MetaData.from(Map.of("operator", "log-parse", "tenantId", job.tenantId()));
        FilePartial partial;
        LogParser.CountingStream counted;
        try (InputStream in = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key(file.storagePath())).build())) {
            counted = new LogParser.CountingStream(in);
            partial = LogParser.parse(file.fileId(), file.kind(), counted);
        } catch (LogParser.UnparseableLogException | IllegalArgumentException e) {
            fail(job, "the parser failed: " + e.getMessage(), metaData);
            return;
        } catch (Exception e) {
            if (!context.lastTry()) throw e;
            fail(job, "reading the file failed: " + e.getMessage(), metaData);
            return;
        }
        String partialKey = partialKey(job.tenantId(), job.batchId().value(), file.fileId());
        byte[] bytes = json.writeValueAsBytes(partial);
        store.put(partialKey, new ByteArrayInputStream(bytes), bytes.length);
        UsageSubject subject = UsageSubject.ofTask(job.tenantId(), LoopContext.BHV, job.batchId().value());
        context.meter(subject, "parsed-bytes", counted.bytes, "byte");
        context.meter(subject, "parsed-lines", partial.lines(), "line");
        context.progress(1, 1);
        commands.sendAndWait(new RecordFileParsedCommand(job.batchId(), job.tenantId(), file.fileId(),
                new FileParseStats(counted.bytes, partial.lines(), partial.records(), partial.unknownLines(), partial.errorLines(),
                        store.uri(partialKey))), metaData);
    }

    private void fail(ParseLogFileJob job, String reason, MetaData metaData) {
        log.warn("Parsing file {} of batch {} failed: {}", job.file().fileId(), job.batchId(), reason);
        commands.sendAndWait(new RecordFileParseFailedCommand(job.batchId(), job.tenantId(), job.file().fileId(), reason), metaData);
    }

    private String key(String storagePath) {
        String prefix = "s3://" + store.bucket() + "/";
        if (!storagePath.startsWith(prefix)) throw new IllegalArgumentException("the file is not in the platform's bucket");
        return storagePath.substring(prefix.length());
    }
}
