package io.fleetloop.platform.infra;

import io.minio.BucketExistsArgs;
import jakarta.annotation.PreDestroy;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Health of the dependencies the platform can run without for a while: Elasticsearch (search projections and
 * queries), Kafka (the integration-event publisher) and the object store (ingestion, artifacts). When one does not
 * answer within {@link #TIMEOUT} (checked every {@link #REFRESH} in the background, so that a health request, e.g. a
 * load balancer's, costs no call to a dependency), its component is {@code DEGRADED}: shown to platform admins with the error, and
 * the overall status becomes {@code DEGRADED}, answered with HTTP 200 (see {@code management.endpoint.health.status}
 * in application.yml), so that a load balancer keeps the node — commands that need only PostgreSQL are still
 * accepted, and the processors that need the dependency retry and catch up when it is back. PostgreSQL stays
 * {@code DOWN} (503) when it is unreachable: nothing works without it.
 */
@Configuration(proxyBeanMethods = false)
class DependencyHealth {

    static final Status DEGRADED = new Status("DEGRADED", "a dependency does not answer; work that needs it waits and retries");
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration REFRESH = Duration.ofSeconds(2);

    /** One daemon thread re-checks every dependency every {@link #REFRESH}; a health request only reads the results. */
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dependency-health");
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void stopChecks() {
        checks.shutdownNow();
    }

    /** Replaces Spring Boot's Elasticsearch indicator (by its bean name), which reports DOWN after the client's 30 s timeout. */
    @Bean
    HealthIndicator elasticsearchHealthIndicator(@Value("${fleetloop.search.url}") String url) {
        return new Cached(elasticsearch(url), checks);
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return new Cached(new KafkaHealth(bootstrapServers), checks);
    }

    @Bean
    HealthIndicator objectStoreHealthIndicator(@Value("${fleetloop.objectstore.endpoint}") String endpoint,
                                               @Value("${fleetloop.objectstore.access-key}") String accessKey,
                                               @Value("${fleetloop.objectstore.secret-key}") String secretKey,
                                               @Value("${fleetloop.objectstore.region}") String region,
                                               @Value("${fleetloop.objectstore.bucket}") String bucket) {
        return new Cached(objectStore(endpoint, accessKey, secretKey, region, bucket), checks);
    }

    /** The last result of a check, refreshed in the background: a health request never waits for a dependency. */
    static final class Cached implements HealthIndicator, AutoCloseable {
        private final HealthIndicator check;
        private volatile Health last;

        Cached(HealthIndicator check, ScheduledExecutorService scheduler) {
            this.check = check;
            scheduler.scheduleWithFixedDelay(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void refresh() {
            try {
                last = check.health();
            } catch (RuntimeException e) {
                last = Health.status(DEGRADED).withException(e).build();
            }
        }

        @Override
        public Health health() {
            if (last == null) refresh();
            return last;
        }

        @Override
        public void close() throws Exception {
            if (check instanceof AutoCloseable closeable) closeable.close();
        }
    }

    private static HealthIndicator elasticsearch(String url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String endpoint = url.endsWith("/") ? url + "_cluster/health" : url + "/_cluster/health";
        return () -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return Health.status(DEGRADED).withDetail("url", url).withDetail("httpStatus", response.statusCode()).build();
                }
                boolean red = response.body().contains("\"status\":\"red\"");
                return Health.status(red ? DEGRADED : Status.UP).withDetail("url", url)
                        .withDetail("cluster", red ? "red" : response.body().contains("\"status\":\"yellow\"") ? "yellow" : "green").build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.status(DEGRADED).withDetail("url", url).withException(e).build();
            } catch (Exception e) {
                return Health.status(DEGRADED).withDetail("url", url).withException(e).build();
            }
        };
    }

    private static HealthIndicator objectStore(String endpoint, String accessKey, String secretKey, String region, String bucket) {
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).writeTimeout(TIMEOUT)
                .callTimeout(TIMEOUT.multipliedBy(2)).retryOnConnectionFailure(false).build();
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region)
                .httpClient(http).build();
        return () -> {
            try {
                boolean exists = client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
                return Health.status(exists ? Status.UP : DEGRADED).withDetail("endpoint", endpoint).withDetail("bucket", bucket)
                        .withDetail("bucketExists", exists).build();
            } catch (Exception e) {
                return Health.status(DEGRADED).withDetail("endpoint", endpoint).withException(e).build();
            }
        };
    }

    /** Asks the cluster for its nodes with an admin client kept open (it reconnects by itself). */
    static final class KafkaHealth implements HealthIndicator, AutoCloseable {
        private final String bootstrapServers;
        private Admin admin;

        KafkaHealth(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        private synchronized Admin admin() {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG, "fleetloop-health",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
            }
            return admin;
        }

        @Override
        public Health health() {
            try {
                int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                        .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
                return Health.status(nodes > 0 ? Status.UP : DEGRADED).withDetail("bootstrapServers", bootstrapServers)
                        .withDetail("nodes", nodes).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.status(DEGRADED).withDetail("bootstrapServers", bootstrapServers).withException(e).build();
            } catch (Exception e) {
                return Health.status(DEGRADED).withDetail("bootstrapServers", bootstrapServers).withException(e).build();
            }
        }

        @Override
        public synchronized void close() {
            if (admin != null) admin.close(Duration.ofSeconds(1));
        }
    }
}
