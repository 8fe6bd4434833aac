package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.CreateDataSourceCommand;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.ProtocolType;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A place Fleetloop pulls data from (seed 000 §2 step 0). Names are unique per tenant. The class name avoids a
 * clash with the JDBC {@code dataSource} bean; its aggregate type stays {@code DataSource}.
 */
@Aggregate(type = "DataSource")
class DataSourceAggregate {

    static final Set<ProtocolType> SUPPORTED = Set.of(ProtocolType.S3, ProtocolType.KAFKA, ProtocolType.HTTP_UPLOAD);

    @AggregateIdentifier
    private DataSourceId sourceId;
    private String tenantId;

    DataSourceAggregate() {
    }

    @CommandHandler
    DataSourceAggregate(CreateDataSourceCommand command, SourceRegistry registry, ConnectorCredentials credentials, Clock clock) {
        if (command.protocolType() == ProtocolType.EDGE_AGENT) {
            throw FleetloopException.invalid("protocolType", "EDGE_AGENT sources are not supported yet: edge agents will "
                    + "upload through data flows; use HTTP_UPLOAD for clients that push files, KAFKA for topics, S3 for buckets");
        }
        if (!SUPPORTED.contains(command.protocolType())) {
            throw FleetloopException.invalid("protocolType", command.protocolType() + " sources are not supported; supported: " + SUPPORTED);
        }
        ConnectorConfig config = switch (command.protocolType()) {
            case KAFKA -> {
                KafkaSourceRules.requireValid(command.connectorConfig());
                yield KafkaSourceRules.normalized(command.connectorConfig());
            }
            case HTTP_UPLOAD -> {
                HttpUploadSourceRules.requireValid(command.connectorConfig());
                yield HttpUploadSourceRules.NO_CONFIG;
            }
            default -> {
                requireS3Config(command.connectorConfig());
                yield command.connectorConfig();
            }
        };
        String credentialsRef = config.credentialsRef();
        if (credentialsRef != null && !credentials.exists(command.tenantId(), credentialsRef)) {
            throw FleetloopException.invalid("connectorConfig.credentialsRef",
                    "no credentials named '" + credentialsRef + "'; store them with PUT /v1/credentials/{name}");
        }
        if (registry.nameTaken(command.tenantId(), command.name())) {
            throw new FleetloopException(ErrorDetails.of(ErrorCode.DUPLICATE, "a data source named '" + command.name() + "' already exists"));
        }
        apply(new DataSourceCreatedEvent(command.sourceId(), command.tenantId(), command.name(), command.protocolType(),
                config, clock.instant()));
    }

    private static void requireS3Config(ConnectorConfig config) {
        if (config == null) throw FleetloopException.invalid("connectorConfig", "is required");
        if (config.endpoint() == null || !config.endpoint().matches("https?://[^\\s/]+(/.*)?")) {
            throw FleetloopException.invalid("connectorConfig.endpoint", "must be an http(s) URL");
        }
        if (config.bucket() == null || !config.bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw FleetloopException.invalid("connectorConfig.bucket", "must be a valid S3 bucket name");
        }
        if (config.credentialsRef() == null || config.credentialsRef().isBlank()) {
            throw FleetloopException.invalid("connectorConfig.credentialsRef", "is required");
        }
    }

    @EventSourcingHandler
    void on(DataSourceCreatedEvent event) {
        sourceId = event.sourceId();
        tenantId = event.tenantId();
    }
}
