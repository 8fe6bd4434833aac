package io.fleetloop.projections.search;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Elasticsearch cluster, the prefix of Fleetloop's index names, and how the asset index becomes searchable: it refreshes
 * every {@code refresh-interval} (default 200ms), and the asset projection's bulk requests wait for that refresh
 * ({@code bulk-refresh: wait_for}, the default) or force one of their own ({@code true}: a new segment per bulk).
 */
@ConfigurationProperties("fleetloop.search")
public record SearchProperties(String url, String indexPrefix, String refreshInterval, String bulkRefresh) {

    public SearchProperties {
        indexPrefix = indexPrefix == null || indexPrefix.isBlank() ? "fleetloop" : indexPrefix;
        refreshInterval = refreshInterval == null || refreshInterval.isBlank() ? "200ms" : refreshInterval.strip();
        if (!refreshInterval.matches("[1-9][0-9]*(ms|s)")) {
            throw new IllegalArgumentException("fleetloop.search.refresh-interval must be a positive time such as 200ms or 1s, got " + refreshInterval);
        }
        bulkRefresh = bulkRefresh == null || bulkRefresh.isBlank() ? "wait_for" : bulkRefresh.strip();
        if (!bulkRefresh.equals("wait_for") && !bulkRefresh.equals("true")) {
            throw new IllegalArgumentException("fleetloop.search.bulk-refresh must be wait_for or true, got " + bulkRefresh);
        }
    }
}
