package io.fleetloop.infra;

/**
 * Where Elasticsearch answers HTTP (security off, no credentials).
 *
 * @param url base URL, e.g. {@code http://127.0.0.1:9200}
 */
public record ElasticsearchEndpoint(String url) {
}
