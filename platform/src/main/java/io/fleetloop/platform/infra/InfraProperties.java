package io.fleetloop.platform.infra;

import io.fleetloop.infra.LocalInfra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that maps local-infra's server endpoints to the Spring properties the platform reads: the
 * embedded default, the tests and the bench all point a platform at started servers through it.
 */
public final class InfraProperties {

    private InfraProperties() {
    }

    /** The properties of every server {@code infra} runs (a server it did not start is left out). */
    public static Map<String, Object> pointingAt(LocalInfra infra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (infra.postgres() != null) {
            properties.put("spring.datasource.url", infra.postgres().jdbcUrl());
            properties.put("spring.datasource.username", infra.postgres().username());
            properties.put("spring.datasource.password", infra.postgres().password());
        }
        if (infra.elasticsearch() != null) {
            properties.put("fleetloop.search.url", infra.elasticsearch().url());
        }
        if (infra.objectStore() != null) {
            properties.put("fleetloop.objectstore.endpoint", infra.objectStore().endpoint());
            properties.put("fleetloop.objectstore.access-key", infra.objectStore().accessKey());
            properties.put("fleetloop.objectstore.secret-key", infra.objectStore().secretKey());
            properties.put("fleetloop.objectstore.region", infra.objectStore().region());
        }
        if (infra.kafka() != null) {
            properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        }
        return properties;
    }
}
