package io.fleetloop.workers.ingestion;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.ingestion.CompleteIngestionCommand;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.FailIngestionCommand;
import io.fleetloop.api.ingestion.IngestedObject;
import io.fleetloop.api.ingestion.KafkaIngestionRunJob;
import io.fleetloop.api.ingestion.KafkaSettings;
import io.fleetloop.api.ingestion.RecordIngestionBatchCommand;
import io.fleetloop.api.ingestion.StopIngestionCommand;
import io.fleetloop.api.ingestion.StreamRange;
import io.fleetloop.refusals.CommandRefusals;
import io.fleetloop.command.ingestion.ConnectorCredentials;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import io.fleetloop.workers.common.JobControl;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One run of a Kafka ingestion task (queued by sagas' Kafka launcher). It reads every partition of the source's
 * topics, from where the task's recorded batches end (its own events, see {@link TaskEventLog}) or, for a partition
 * never read, from the source's start offsets; collects each partition's records into a batch (by records, bytes or
 * wait), writes the batch as one NDJSON object whose key is its offset range, and records it with one command that
 * also announces it ({@code ingestion.completed} per batch). Only then are the offsets committed to the consumer
 * group, for the usual Kafka tools; the group's offsets are never read back.
 * <p>So a run killed between writing an object and recording it leaves an unrecorded object, which the next run
 * deletes before it reads that partition again; a run killed after recording resumes after the batch. A bounded
 * task completes once it reached the end offsets seen at the start of its run; a continuous one runs until stopped.
 * A cancel ({@link JobControl#cancel}) stops the task; a worker shutting down lets the queue run the job again.
 */
@Component
class KafkaIngestionJob implements Job<KafkaIngestionRunJob> {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngestionJob.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Thrown to let the queue run the job again (this worker is shutting down). */
    static final class ResumeLater extends RuntimeException {
        ResumeLater(String message) {
            super(message);
        }
    }

    /** The source cannot be read as configured. */
    static final class SourceUnreadable extends RuntimeException {
        SourceUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CommandGateway commands;
    private final ConnectorCredentials credentials;
    private final PlatformObjectStore store;
    private final EventStore events;
    private final JobControl control;

    KafkaIngestionJob(CommandGateway commands, ConnectorCredentials credentials, PlatformObjectStore store,
                      EventStore events, JobControl control) {
        this.commands = commands;
        this.credentials = credentials;
        this.store = store;
        this.events = events;
        this.control = control;
    }

    @Override
    public String name() {
        return KafkaIngestionRunJob.NAME;
    }

    @Override
    public Class<KafkaIngestionRunJob> requestType() {
        return KafkaIngestionRunJob.class;
    }

    /** A continuous task outlives worker restarts: give the queue many tries (each resumes where the last ended). */
    @Override
    public int maxTries() {
        return 20;
    }

    @Override
    public void run(KafkaIngestionRunJob job, JobContext context) throws Exception {
        DataIngestionStartedEvent started = job.started();
        MetaData metaData = MetaData.with("operator", job.operator()).and("tenantId", started.tenantId());
        KafkaSettings settings = started.connectorConfig().kafka().normalized();
        TaskEventLog task = new TaskEventLog(events, started.taskId(), started.attempt()).refresh();
        if (task.ended() != null) {
            log.info("Kafka ingestion {} attempt {} not run: task {}", started.taskId(), started.attempt(), task.ended());
            return;
        }
        String landing = PlatformObjectStore.tenantPrefix(started.tenantId()) + started.ingestionRule().targetPath() + "/";
        Run run = new Run(started, settings, landing, metaData, context);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(started, settings))) {
            List<TopicPartition> partitions = partitions(consumer, settings);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = settings.mode() == KafkaSettings.Mode.BOUNDED ? consumer.endOffsets(partitions) : Map.of();
            Map<TopicPartition, Long> recorded = task.nextOffsets();
            Map<TopicPartition, Long> starts = settings.startOffsets() == KafkaSettings.StartOffsets.LATEST
                    ? consumer.endOffsets(partitions) : consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                long from = recorded.containsKey(partition) ? recorded.get(partition) : starts.get(partition);
                deleteUnrecorded(landing, partition, from);
                consumer.seek(partition, from);
            }
            run.consume(consumer, task, partitions, ends);
        } catch (SourceUnreadable | KafkaException e) {
            log.warn("Kafka ingestion {} failed: {}", started.taskId(), e.getMessage());
            if (e instanceof KafkaException && !context.lastTry()) throw e;
            ignoreEnded(() -> send(new FailIngestionCommand(started.taskId(), started.tenantId(), e.getMessage()), metaData));
        } finally {
            context.recordUsage("ingested-records", run.records, "record");
            context.recordUsage("ingested-objects", run.batches, "object");
            context.recordUsage("ingested-bytes", run.bytes, "byte");
        }
    }

    /** The state of one run: the batches being filled, and what it has recorded. */
    private final class Run {
        private final DataIngestionStartedEvent started;
        private final KafkaSettings settings;
        private final String landing;
        private final MetaData metaData;
        private final JobContext context;
        private final Map<TopicPartition, KafkaBatchWriter> open = new HashMap<>();
        long records;
        long batches;
        long bytes;

        Run(DataIngestionStartedEvent started, KafkaSettings settings, String landing, MetaData metaData, JobContext context) {
            this.started = started;
            this.settings = settings;
            this.landing = landing;
            this.metaData = metaData;
            this.context = context;
        }

        void consume(KafkaConsumer<byte[], byte[]> consumer, TaskEventLog task, List<TopicPartition> partitions,
                     Map<TopicPartition, Long> ends) {
            long maxWaitNanos = settings.maxBatchWaitMillis() * 1_000_000L;
            while (true) {
                if (context.cancelled()) {
                    boolean cancelRequested = control.progress(context.jobId()).map(JobControl.Progress::cancelRequested).orElse(false);
                    if (!cancelRequested) throw new ResumeLater("worker shutting down; the job resumes after the recorded batches");
                    ignoreEnded(() -> send(new StopIngestionCommand(started.taskId(), started.tenantId(),
                            "job cancelled after " + batches + " batches"), metaData));
                    return;
                }
                if (task.refresh().ended() != null) {
                    log.info("Kafka ingestion {} attempt {} ends: task {}", started.taskId(), started.attempt(), task.ended());
                    return;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    KafkaBatchWriter batch = open.computeIfAbsent(partition, p -> new KafkaBatchWriter(p.topic(), p.partition()));
                    batch.add(record, System.nanoTime());
                    records++;
                    if (batch.count() >= settings.maxBatchRecords() || batch.size() >= settings.maxBatchBytes()) {
                        flush(consumer, partition, batch);
                    }
                }
                long now = System.nanoTime();
                for (var entry : open.entrySet()) {
                    if (!entry.getValue().isEmpty() && entry.getValue().ageNanos(now) >= maxWaitNanos) {
                        flush(consumer, entry.getKey(), entry.getValue());
                    }
                }
                if (settings.mode() == KafkaSettings.Mode.BOUNDED && reachedEnds(consumer, partitions, ends)) {
                    open.forEach((partition, batch) -> {
                        if (!batch.isEmpty()) flush(consumer, partition, batch);
                    });
                    ignoreEnded(() -> send(new CompleteIngestionCommand(started.taskId(), started.tenantId()), metaData));
                    return;
                }
            }
        }

        private boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
            for (TopicPartition partition : partitions) {
                if (consumer.position(partition) < ends.get(partition)) return false;
            }
            return true;
        }

        /** Writes the batch as one object, records it, then commits its offsets to the consumer group. */
        private void flush(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, KafkaBatchWriter batch) {
            StreamRange range = batch.range();
            String key = landing + batch.relativeKey();
            byte[] content = batch.content();
            String sha256 = sha256(content);
            try {
                store.put(key, new ByteArrayInputStream(content), content.length);
            } catch (Exception e) {
                throw new IllegalStateException("cannot write " + key + " to the platform's store", e);
            }
            IngestedObject result = send(new RecordIngestionBatchCommand(started.taskId(), started.tenantId(), range.batchKey(),
                    range, store.uri(key), content.length, sha256, batch.attributes()), metaData);
            if (result.duplicate() && !result.storagePath().equals(store.uri(key))) {
                try {
                    store.delete(key);
                } catch (Exception e) {
                    log.warn("Could not delete redundant copy {}: {}", key, e.toString());
                }
            }
            batches++;
            bytes += content.length;
            context.progress(batches, -1);
            try {
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(range.nextOffset())));
            } catch (KafkaException e) {
                // Only for monitoring: the run resumes from the recorded batches, never from the group's offsets.
                log.warn("Could not commit offsets of {} to group {}: {}", partition, settings.consumerGroup(), e.toString());
            }
            batch.clear();
        }
    }

    /** Removes objects of a partition that start at or after where the recorded batches end: written, never recorded. */
    private void deleteUnrecorded(String landing, TopicPartition partition, long from) throws Exception {
        String prefix = landing + KafkaBatchWriter.objectPrefix(partition.topic(), partition.partition());
        for (Result<Item> result : store.client().listObjects(ListObjectsArgs.builder().bucket(store.bucket()).prefix(prefix).recursive(true).build())) {
            String name = result.get().objectName();
            long first = KafkaBatchWriter.firstOffsetOf(name);
            if (first >= from) {
                log.info("Deleting {}: written by an earlier run that ended before recording it", name);
                store.delete(name);
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, KafkaSettings settings) {
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
        List<TopicPartition> partitions = new ArrayList<>();
        if (!settings.topics().isEmpty()) {
            for (String topic : settings.topics()) {
                List<PartitionInfo> infos = topics.get(topic);
                if (infos == null) throw new SourceUnreadable("topic '" + topic + "' does not exist at " + settings.bootstrapServers(), null);
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        } else {
            Pattern pattern = Pattern.compile(settings.topicPattern());
            topics.forEach((topic, infos) -> {
                if (pattern.matcher(topic).matches()) infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            });
            if (partitions.isEmpty()) {
                throw new SourceUnreadable("no topic at " + settings.bootstrapServers() + " matches '" + settings.topicPattern() + "'", null);
            }
        }
        partitions.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        return partitions;
    }

    private Map<String, Object> consumerProperties(DataIngestionStartedEvent started, KafkaSettings settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fleetloop-ingestion-" + started.taskId().value());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, settings.maxBatchRecords()));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, settings.securityProtocol());
        if (settings.securityProtocol().startsWith("SASL")) {
            String ref = started.connectorConfig().credentialsRef();
            var secret = credentials.find(started.tenantId(), ref)
                    .orElseThrow(() -> new SourceUnreadable("credentials '" + ref + "' no longer exist", null));
            properties.put("sasl.mechanism", "PLAIN");
            properties.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + jaasEscaped(secret.accessKey()) + "\" password=\"" + jaasEscaped(secret.secretKey()) + "\";");
        }
        return properties;
    }

    private static String jaasEscaped(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A command refused because the task already ended (stopped or completed meanwhile) ends the run quietly. */
    private void ignoreEnded(Runnable command) {
        try {
            command.run();
        } catch (RuntimeException e) {
            if (CommandRefusals.details(e).map(d -> d.code() != ErrorCode.STATE_CONFLICT).orElse(true)) throw e;
            log.info("Kafka ingestion already ended: {}", e.getMessage());
        }
    }

    private <R> R send(Object command, MetaData metaData) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
