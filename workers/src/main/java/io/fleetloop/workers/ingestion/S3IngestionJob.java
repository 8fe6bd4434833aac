package io.fleetloop.workers.ingestion;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.ingestion.CompleteIngestionCommand;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.FailIngestionCommand;
import io.fleetloop.api.ingestion.IngestedObject;
import io.fleetloop.api.ingestion.IngestionRunJob;
import io.fleetloop.api.ingestion.RecordObjectIngestedCommand;
import io.fleetloop.api.ingestion.RecordObjectSkippedCommand;
import io.fleetloop.refusals.CommandRefusals;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.command.ingestion.ConnectorCredentials;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One run of the S3 connector (queued by sagas' ingestion launcher): list the source prefix, stream each matching
 * object into the landing zone while hashing it (constant memory), record it on the task, complete. Each landed
 * object commits on its own and is the progress users see; the run reports landed and skipped objects as progress
 * and the bytes and objects landed as usage. A listed object that has vanished when it is read (deleted meanwhile
 * by a lifecycle rule or another writer) is recorded on the task as skipped, with the reason, and the run goes on.
 * A source that cannot be read otherwise, or a cancel, fails the task; a failure of the platform's own store is
 * retried by the queue (a re-run is harmless: recording, and skipping, is idempotent per source key).
 */
@Component
class S3IngestionJob implements Job<IngestionRunJob> {

    private static final Logger log = LoggerFactory.getLogger(S3IngestionJob.class);

    private final CommandGateway commands;
    private final ConnectorCredentials credentials;
    private final PlatformObjectStore store;

    S3IngestionJob(CommandGateway commands, ConnectorCredentials credentials, PlatformObjectStore store) {
        this.commands = commands;
        this.credentials = credentials;
        this.store = store;
    }

    @Override
    public String name() {
        return IngestionRunJob.NAME;
    }

    @Override
    public Class<IngestionRunJob> requestType() {
        return IngestionRunJob.class;
    }

    @Override
    public void run(IngestionRunJob job, JobContext context) throws Exception {
        DataIngestionStartedEvent started = job.started();
        MetaData metaData = MetaData.with("operator", job.operator()).and("tenantId", started.tenantId());
        long objects = 0;
        long skipped = 0;
        long bytes = 0;
        long startedNanos = System.nanoTime();
        try {
            S3SourceConnector source = connect(started);
            source.requireReadable();
            String landing = PlatformObjectStore.tenantPrefix(started.tenantId()) + started.ingestionRule().targetPath() + "/";
            for (S3SourceConnector.SourceObject object : source.matching(started.ingestionRule().includePattern())) {
                if (context.cancelled()) {
                    send(new FailIngestionCommand(started.taskId(), started.tenantId(), "cancelled after " + objects + " objects"), metaData);
                    return;
                }
                try {
                    bytes += land(started, source, object, landing + object.relativeKey(), metaData);
                    objects++;
                } catch (S3SourceConnector.ObjectVanishedException e) {
                    log.info("Ingestion {} skips {}: {}", started.taskId(), object.key(), e.getMessage());
                    send(new RecordObjectSkippedCommand(started.taskId(), started.tenantId(), object.key(), e.getMessage()), metaData);
                    skipped++;
                }
                context.progress(objects + skipped, -1);
            }
            send(new CompleteIngestionCommand(started.taskId(), started.tenantId()), metaData);
        } catch (S3SourceConnector.SourceUnreadableException e) {
            log.warn("Ingestion {} failed: {}", started.taskId(), e.getMessage());
            send(new FailIngestionCommand(started.taskId(), started.tenantId(), e.getMessage()), metaData);
        } catch (RuntimeException e) {
            if (CommandRefusals.details(e).map(d -> d.code() != ErrorCode.STATE_CONFLICT).orElse(true)) throw e;
            // The task already ended (an earlier run of this job finished it before a crash): nothing to do.
            log.info("Ingestion {} already ended: {}", started.taskId(), e.getMessage());
        } finally {
            UsageSubject subject = UsageSubject.ofTask(started.tenantId(), LoopContext.ING, started.taskId().value());
            context.meter(subject, "ingested-objects", objects, "object");
            context.meter(subject, "ingested-bytes", bytes, "byte");
            context.meter(subject, "worker-seconds", (System.nanoTime() - startedNanos) / 1e9, "second");
        }
    }

    private S3SourceConnector connect(DataIngestionStartedEvent started) {
        var secret = credentials.find(started.tenantId(), started.connectorConfig().credentialsRef())
                .orElseThrow(() -> new S3SourceConnector.SourceUnreadableException(
                        "credentials '" + started.connectorConfig().credentialsRef() + "' no longer exist", null));
        return new S3SourceConnector(started.connectorConfig(), secret);
    }

    /** Lands one object; returns its size. */
    private long land(DataIngestionStartedEvent started, S3SourceConnector source, S3SourceConnector.SourceObject object,
                      String key, MetaData metaData) throws Exception {
        MessageDigest sha256 = sha256();
        long size;
        Map<String, String> attributes;
        try (S3SourceConnector.OpenedObject opened = source.open(object);
             CountingInputStream counted = new CountingInputStream(new DigestInputStream(opened.content(), sha256))) {
            attributes = opened.attributes();
            store.put(key, counted, object.size());
            size = counted.count;
        }
        String hash = HexFormat.of().formatHex(sha256.digest());
        var record = new RecordObjectIngestedCommand(started.taskId(), started.tenantId(), object.key(), store.uri(key),
                size, hash, attributes);
        IngestedObject result = recordWithOneRetry(record, metaData);
        if (result.duplicate() && !result.storagePath().equals(store.uri(key))) {
            store.delete(key);
        }
        return size;
    }

    /** Two runs landing the same new content at once collide on the content index; the retry sees the winner. */
    private IngestedObject recordWithOneRetry(RecordObjectIngestedCommand command, MetaData metaData) {
        try {
            return send(command, metaData);
        } catch (RuntimeException e) {
            if (CommandRefusals.details(e).isPresent()) throw e;
            log.info("Retrying {} for {} after {}", command.sourceKey(), command.taskId(), e.toString());
            return send(command, metaData);
        }
    }

    private <R> R send(Object command, MetaData metaData) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count += n;
            return n;
        }
    }
}
