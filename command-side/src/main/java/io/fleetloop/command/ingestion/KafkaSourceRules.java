package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.KafkaSettings;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validation and normal form of a Kafka source's connector config; each refusal names its field. */
final class KafkaSourceRules {

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:]+]:[0-9]{1,5}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._\\-]{1,255}");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final int MAX_BATCH_RECORDS = 1_000_000;
    static final long MAX_BATCH_BYTES = 1L << 30;
    static final long MAX_BATCH_WAIT_MILLIS = 3_600_000;

    private KafkaSourceRules() {
    }

    static void requireValid(ConnectorConfig config) {
        if (config == null) throw FleetloopException.invalid("connectorConfig", "is required");
        KafkaSettings kafka = config.kafka();
        if (kafka == null) throw FleetloopException.invalid("connectorConfig.kafka", "is required for KAFKA sources");
        if (config.bucket() != null || config.endpoint() != null) {
            throw FleetloopException.invalid("connectorConfig.endpoint", "is for S3 sources; a Kafka source names its brokers in connectorConfig.kafka.bootstrapServers");
        }
        if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
            throw FleetloopException.invalid("connectorConfig.kafka.bootstrapServers", "is required");
        }
        for (String server : kafka.bootstrapServers().split(",")) {
            if (!HOST_PORT.matcher(server.strip()).matches()) {
                throw FleetloopException.invalid("connectorConfig.kafka.bootstrapServers", "must be host:port[,host:port...], not '" + server.strip() + "'");
            }
        }
        boolean hasTopics = !kafka.topics().isEmpty();
        boolean hasPattern = kafka.topicPattern() != null && !kafka.topicPattern().isBlank();
        if (hasTopics == hasPattern) {
            throw FleetloopException.invalid("connectorConfig.kafka.topics", "give either topics or topicPattern");
        }
        for (String topic : kafka.topics()) {
            if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
                throw FleetloopException.invalid("connectorConfig.kafka.topics", "'" + topic + "' is not a valid topic name");
            }
        }
        if (hasPattern) {
            try {
                Pattern.compile(kafka.topicPattern());
            } catch (PatternSyntaxException e) {
                throw FleetloopException.invalid("connectorConfig.kafka.topicPattern", "is not a valid regular expression: " + e.getDescription());
            }
        }
        if (kafka.consumerGroup() == null || !GROUP.matcher(kafka.consumerGroup()).matches()) {
            throw FleetloopException.invalid("connectorConfig.kafka.consumerGroup", "is required: letters, digits, '.', '_', '-'");
        }
        String protocol = kafka.securityProtocol() == null ? "PLAINTEXT" : kafka.securityProtocol();
        if (!PROTOCOLS.contains(protocol)) {
            throw FleetloopException.invalid("connectorConfig.kafka.securityProtocol", "must be one of " + PROTOCOLS);
        }
        boolean sasl = protocol.startsWith("SASL");
        if (sasl && (config.credentialsRef() == null || config.credentialsRef().isBlank())) {
            throw FleetloopException.invalid("connectorConfig.credentialsRef", "is required with " + protocol + " (user name and password for SASL/PLAIN)");
        }
        if (!sasl && config.credentialsRef() != null) {
            throw FleetloopException.invalid("connectorConfig.credentialsRef", "is used only with SASL_PLAINTEXT or SASL_SSL");
        }
        if (kafka.maxBatchRecords() != null && (kafka.maxBatchRecords() < 1 || kafka.maxBatchRecords() > MAX_BATCH_RECORDS)) {
            throw FleetloopException.invalid("connectorConfig.kafka.maxBatchRecords", "must be 1.." + MAX_BATCH_RECORDS);
        }
        if (kafka.maxBatchBytes() != null && (kafka.maxBatchBytes() < 1 || kafka.maxBatchBytes() > MAX_BATCH_BYTES)) {
            throw FleetloopException.invalid("connectorConfig.kafka.maxBatchBytes", "must be 1.." + MAX_BATCH_BYTES);
        }
        if (kafka.maxBatchWaitMillis() != null && (kafka.maxBatchWaitMillis() < 10 || kafka.maxBatchWaitMillis() > MAX_BATCH_WAIT_MILLIS)) {
            throw FleetloopException.invalid("connectorConfig.kafka.maxBatchWaitMillis", "must be 10.." + MAX_BATCH_WAIT_MILLIS);
        }
    }

    static ConnectorConfig normalized(ConnectorConfig config) {
        return new ConnectorConfig(null, null, "", null, config.credentialsRef(), config.kafka().normalized());
    }
}
