package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.CreateDataSourceCommand;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.KafkaSettings;
import io.fleetloop.api.ingestion.ProtocolType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/datasources} (seed 000 §2 step 0). */
@RestController
class DataSourceCommandController {

    /** S3 sources: endpoint, bucket, prefix, region, credentialsRef (checked by the aggregate); Kafka: {@code kafka}. */
    record ConnectorConfigRequest(@Size(max = 512) String endpoint, @Size(max = 63) String bucket,
                                  @Size(max = 1024) String prefix, @Size(max = 64) String region,
                                  @Size(min = 1, max = 64) String credentialsRef, @Valid KafkaSettingsRequest kafka) {
        ConnectorConfig toConfig() {
            return new ConnectorConfig(endpoint, bucket, prefix, region, credentialsRef, kafka == null ? null : kafka.toSettings());
        }
    }

    record KafkaSettingsRequest(@Size(max = 1024) String bootstrapServers, @Size(max = 100) List<@NotNull @Size(max = 249) String> topics,
                                @Size(max = 512) String topicPattern, @Size(max = 255) String consumerGroup,
                                @Size(max = 32) String securityProtocol, Integer maxBatchRecords, Long maxBatchBytes,
                                Long maxBatchWaitMillis, KafkaSettings.StartOffsets startOffsets, KafkaSettings.Mode mode) {
        KafkaSettings toSettings() {
            return new KafkaSettings(bootstrapServers, topics, topicPattern, consumerGroup, securityProtocol, maxBatchRecords,
                    maxBatchBytes, maxBatchWaitMillis, startOffsets, mode);
        }
    }

    /** {@code connectorConfig} is required for S3 and KAFKA sources and left out for HTTP_UPLOAD. */
    record CreateDataSourceRequest(@NotBlank @Size(max = 128) String name, @NotNull ProtocolType protocolType,
                                   @Valid ConnectorConfigRequest connectorConfig) {
    }

    record DataSourceCreatedResponse(String sourceId) {
    }

    private final CommandGateway commands;

    DataSourceCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/v1/datasources")
    ResponseEntity<DataSourceCreatedResponse> create(Caller caller, @Valid @RequestBody CreateDataSourceRequest request) {
        DataSourceId sourceId = new DataSourceId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateDataSourceCommand(sourceId, caller.tenantId(), request.name().strip(),
                request.protocolType(), request.connectorConfig() == null ? null : request.connectorConfig().toConfig()));
        return ResponseEntity.created(URI.create("/v1/datasources/" + sourceId)).body(new DataSourceCreatedResponse(sourceId.value()));
    }
}
