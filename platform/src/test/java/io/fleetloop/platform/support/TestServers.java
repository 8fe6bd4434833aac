package io.fleetloop.platform.support;

import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.infra.InfraProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real servers of this test JVM, started once (in parallel) on free ports, with a fresh database; stopped
 * when the JVM exits. Each platform a test starts gets a database of its own on the same PostgreSQL server; all of
 * them are dropped when the JVM exits.
 */
public final class TestServers {

    /** The tenant whose training platform may call the model-ready webhook in tests, and its HMAC secret. */
    public static final String OTA_TENANT = "ota-tenant";
    public static final String OTA_WEBHOOK_SECRET = "test-model-ready-secret";
    public static final String OTA_GATEWAY_TOKEN = "test-gateway-token-of-ota-tenant";
    /** A tenant only the fleet-simulator rollouts use, so that its metrics and topics count exactly their releases. */
    public static final String FLEET_TENANT = "fleet-tenant";
    public static final String FLEET_GATEWAY_TOKEN = "test-gateway-token-of-fleet-tenant";
    /** A tenant whose gateway creates unknown devices (as robots) on their first poll; the others leave it off. */
    public static final String AUTO_TENANT = "auto-tenant";
    public static final String AUTO_GATEWAY_TOKEN = "test-gateway-token-of-auto-tenant";
    /** A tenant with its own DDI polling intervals in the properties (idle PT2M, while an action is open PT5S). */
    public static final String POLLING_TENANT = "polling-tenant";
    /** A tenant whose configured gateway token is replaced and revoked over the API (by DeviceTokenRotationEndToEndTest only). */
    public static final String TOKEN_TENANT = "token-tenant";
    public static final String TOKEN_GATEWAY_TOKEN = "test-gateway-token-of-token-tenant";

    private static LocalInfra infra;

    private TestServers() {
    }

    public static synchronized LocalInfra get() {
        if (infra == null) {
            try {
                Path dataDir = Files.createTempDirectory("fleetloop-test-");
                infra = LocalInfra.builder().dataDir(dataDir)
                        .postgres(true).elasticsearch(true).objectStore(true).kafka(true)
                        .temporaryPostgresDatabase("fleetloop_test_" + UUID.randomUUID().toString().substring(0, 8))
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
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Spring properties that point a platform at these servers, with its own database, index prefix and bucket. */
    public static Map<String, Object> platformProperties(String name) {
        LocalInfra servers = get();
        String database = servers.postgres().jdbcUrl();
        if (!"main".equals(name)) {
            database = servers.createTemporaryDatabase("fleetloop_" + name.toLowerCase() + "_" + UUID.randomUUID().toString().substring(0, 8));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fleetloop.embedded.enabled", "false");
        properties.put("server.port", "0");
        properties.putAll(InfraProperties.pointingAt(servers));
        properties.put("spring.datasource.url", database);
        properties.put("fleetloop.search.index-prefix", "fleetloop-" + name.toLowerCase());
        properties.put("fleetloop.objectstore.bucket", "fleetloop-" + name.toLowerCase());
        properties.put("fleetloop.data-dir", "target/fleetloop-" + name);
        properties.put("fleetloop.annotation.training-webhook.url", WebhookReceiver.get().url());
        properties.put("fleetloop.annotation.training-webhook.secret", WebhookReceiver.SECRET);
        properties.put("fleetloop.ota.webhook-secrets." + OTA_TENANT, OTA_WEBHOOK_SECRET);
        properties.put("fleetloop.ota.gateway-tokens." + OTA_TENANT, OTA_GATEWAY_TOKEN);
        properties.put("fleetloop.ota.gateway-tokens." + FLEET_TENANT, FLEET_GATEWAY_TOKEN);
        properties.put("fleetloop.ota.gateway-tokens." + AUTO_TENANT, AUTO_GATEWAY_TOKEN);
        properties.put("fleetloop.ota.gateway-tokens." + TOKEN_TENANT, TOKEN_GATEWAY_TOKEN);
        properties.put("fleetloop.ota.auto-create-targets." + AUTO_TENANT, "robot");
        properties.put("fleetloop.ota.polling-sleep", "PT1S");
        properties.put("fleetloop.ota.polling." + POLLING_TENANT + ".sleep", "PT2M");
        properties.put("fleetloop.ota.polling." + POLLING_TENANT + ".active-sleep", "PT5S");
        return properties;
    }
}
