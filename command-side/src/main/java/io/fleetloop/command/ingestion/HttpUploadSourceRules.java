package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.ConnectorConfig;

/** An HTTP-upload source is a name to push files to: clients upload into its tasks, so it has nothing to connect to. */
final class HttpUploadSourceRules {

    static final ConnectorConfig NO_CONFIG = new ConnectorConfig(null, null, "", null, null);

    private HttpUploadSourceRules() {
    }

    static void requireValid(ConnectorConfig config) {
        if (config == null) return;
        if (config.endpoint() != null || config.bucket() != null || config.kafka() != null || config.credentialsRef() != null) {
            throw FleetloopException.invalid("connectorConfig", "HTTP_UPLOAD sources take no connector config: clients push files to their tasks");
        }
    }
}
