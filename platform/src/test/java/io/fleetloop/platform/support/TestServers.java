package io.fleetloop.platform.support;

import io.fleetloop.infra.LocalInfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real servers of this test JVM, started once (in parallel) on free ports, with a fresh database; stopped
 * when the JVM exits. Each platform a test starts gets a database of its own on the same PostgreSQL server.
 */
public final class TestServers {

    /** The tenant whose training platform may call the model-ready webhook in tests, and its HMAC secret. */
    public static final String OTA_TENANT = "ota-tenant";
    public static final String OTA_WEBHOOK_SECRET = "test-model-ready-secret";
    public static final String OTA_GATEWAY_TOKEN = "test-gateway-token-of-ota-tenant";
    /** A tenant only the fleet-simulator rollouts use, so that its metrics and topics count exactly their releases. */
    public static final String FLEET_TENANT = "fleet-tenant";
    public static final String FLEET_GATEWAY_TOKEN = "test-gateway-token-of-fleet-tenant";
    /** A tenant with its own DDI polling intervals in the properties (idle PT2M, while an action is open PT5S). */
    public static final String POLLING_TENANT = "polling-tenant";

    private static LocalInfra infra;

    private TestServers() {
    }

    public static synchronized LocalInfra get() {
        if (infra == null) {
            try {
                Path dataDir = Files.createTempDirectory("fleetloop-test-");
                infra = LocalInfra.builder().dataDir(dataDir)
                        .postgres(true).elasticsearch(true).objectStore(true).kafka(true)
                        .postgresDatabase("fleetloop_test_" + UUID.randomUUID().toString().substring(0, 8), true)
                        .fixedPorts(false)
                        .start();
                LocalInfra started = infra;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (RuntimeException ignored) {
                        // stopping anyway
                    }
                    deleteQuietly(dataDir);
                }, "test-servers-cleanup"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return infra;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Spring properties that point a platform at these servers, with its own database, index prefix and bucket. */
    public static Map<String, Object> platformProperties(String name) {
        LocalInfra servers = get();
        String database = servers.postgres().jdbcUrl();
        if (!"main".equals(name)) {
            database = PlatformDatabases.create(servers.postgres(), "fleetloop_" + name + "_" + UUID.randomUUID().toString().substring(0, 8));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fleetloop.embedded.enabled", "false");
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", database);
        properties.put("spring.datasource.username", servers.postgres().username());
        properties.put("spring.datasource.password", servers.postgres().password());
        properties.put("fleetloop.search.url", servers.elasticsearch().url());
        properties.put("fleetloop.search.index-prefix", "fleetloop-" + name.toLowerCase());
        properties.put("fleetloop.objectstore.endpoint", servers.objectStore().endpoint());
        properties.put("fleetloop.objectstore.access-key", servers.objectStore().accessKey());
        properties.put("fleetloop.objectstore.secret-key", servers.objectStore().secretKey());
        properties.put("fleetloop.objectstore.region", servers.objectStore().region());
        properties.put("fleetloop.objectstore.bucket", "fleetloop-" + name.toLowerCase());
        properties.put("spring.kafka.bootstrap-servers", servers.kafka().bootstrapServers());
        properties.put("fleetloop.data-dir", "target/fleetloop-" + name);
        properties.put("fleetloop.annotation.training-webhook.url", WebhookReceiver.get().url());
        properties.put("fleetloop.annotation.training-webhook.secret", WebhookReceiver.SECRET);
        properties.put("fleetloop.ota.webhook-secrets." + OTA_TENANT, OTA_WEBHOOK_SECRET);
        properties.put("fleetloop.ota.gateway-tokens." + OTA_TENANT, OTA_GATEWAY_TOKEN);
        properties.put("fleetloop.ota.gateway-tokens." + FLEET_TENANT, FLEET_GATEWAY_TOKEN);
        properties.put("fleetloop.ota.polling-sleep", "PT1S");
        properties.put("fleetloop.ota.polling." + POLLING_TENANT + ".sleep", "PT2M");
        properties.put("fleetloop.ota.polling." + POLLING_TENANT + ".active-sleep", "PT5S");
        return properties;
    }
}
