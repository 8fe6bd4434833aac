package io.fleetloop.projections.search;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Elasticsearch cluster and the prefix of Fleetloop's index names. */
@ConfigurationProperties("fleetloop.search")
public record SearchProperties(String url, String indexPrefix) {

    public SearchProperties {
        indexPrefix = indexPrefix == null || indexPrefix.isBlank() ? "fleetloop" : indexPrefix;
    }
}
