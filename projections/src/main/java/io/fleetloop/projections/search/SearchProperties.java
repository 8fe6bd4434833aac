package io.fleetloop.projections.search;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Elasticsearch cluster, the prefix of Fleetloop's index names, and how the asset index becomes searchable: the asset
 * projection's bulk requests force a refresh ({@code bulk-refresh: true}, the default) or wait for the index's periodic
 * one ({@code wait_for}, with {@code refresh-interval} set on the index, e.g. 200ms; unset leaves Elasticsearch's 1s).
 * Measured side by side on the landed-to-searchable path (docs/edge-collection.md), neither was clearly faster.
 */
@ConfigurationProperties("fleetloop.search")
public record SearchProperties(String url, String indexPrefix, String refreshInterval, String bulkRefresh) {

    public SearchProperties {
        indexPrefix = indexPrefix == null || indexPrefix.isBlank() ? "fleetloop" : indexPrefix;
        refreshInterval = refreshInterval == null || refreshInterval.isBlank() ? null : refreshInterval.strip();
        if (refreshInterval != null && !refreshInterval.matches("[1-9][0-9]*(ms|s)")) {
            throw new IllegalArgumentException("fleetloop.search.refresh-interval must be a positive time such as 200ms or 1s, got " + refreshInterval);
        }
        bulkRefresh = bulkRefresh == null || bulkRefresh.isBlank() ? "true" : bulkRefresh.strip();
        if (!bulkRefresh.equals("wait_for") && !bulkRefresh.equals("true")) {
            throw new IllegalArgumentException("fleetloop.search.bulk-refresh must be wait_for or true, got " + bulkRefresh);
        }
    }
}
