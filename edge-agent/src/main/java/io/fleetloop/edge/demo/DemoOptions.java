package io.fleetloop.edge.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The demo's command line; every option has the embedded default's value except the token. */
record DemoOptions(URI server, String token, String tenant, URI s3Endpoint, URI s3EndpointForPlatform, String s3AccessKey,
                   String s3SecretKey, String sourceBucket, String platformBucket, String webhookSecret, String gatewayToken,
                   int devices, int seconds, Duration waitLimit, Path workDir) {

    static final String START_HINT = "./fleetloop.sh --fleetloop.ota.webhook-secrets.demo=demo-webhook-secret "
            + "--fleetloop.ota.gateway-tokens.demo=demo-gateway-token";
    static final String USAGE = """
            usage: closed-loop --token TOKEN [--server http://localhost:8080] [--tenant demo] [--s3 http://127.0.0.1:9000]
                   [--s3-for-platform URL] [--s3-access-key fleetloop] [--s3-secret-key fleetloop-secret] [--source-bucket demo-drives]
                   [--platform-bucket fleetloop] [--webhook-secret demo-webhook-secret] [--gateway-token demo-gateway-token]
                   [--devices 4] [--seconds 30] [--wait PT3M] [--work-dir .fleetloop/demo]
            The platform must be running with the tenant's webhook secret and gateway token, e.g.
              """ + START_HINT;
    private static final Set<String> KNOWN = Set.of("--server", "--token", "--tenant", "--s3", "--s3-for-platform", "--s3-access-key",
            "--s3-secret-key", "--source-bucket", "--platform-bucket", "--webhook-secret", "--gateway-token", "--devices", "--seconds",
            "--wait", "--work-dir");

    static DemoOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!KNOWN.contains(args[i])) throw new IllegalArgumentException("unknown option " + args[i]);
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            given.put(args[i], args[++i]);
        }
        String token = given.getOrDefault("--token", System.getenv("FLEETLOOP_TOKEN"));
        if (token == null || token.isBlank()) throw new IllegalArgumentException("--token (or FLEETLOOP_TOKEN) is required");
        URI s3 = URI.create(given.getOrDefault("--s3", "http://127.0.0.1:9000"));
        int devices = Integer.parseInt(given.getOrDefault("--devices", "4"));
        if (devices < 2) throw new IllegalArgumentException("--devices must be at least 2 (two gray batches)");
        return new DemoOptions(URI.create(given.getOrDefault("--server", "http://localhost:8080")), token, given.getOrDefault("--tenant", "demo"),
                s3, URI.create(given.getOrDefault("--s3-for-platform", s3.toString())), given.getOrDefault("--s3-access-key", "fleetloop"),
                given.getOrDefault("--s3-secret-key", "fleetloop-secret"), given.getOrDefault("--source-bucket", "demo-drives"),
                given.getOrDefault("--platform-bucket", "fleetloop"), given.getOrDefault("--webhook-secret", "demo-webhook-secret"),
                given.getOrDefault("--gateway-token", "demo-gateway-token"), devices, Integer.parseInt(given.getOrDefault("--seconds", "30")),
                Duration.parse(given.getOrDefault("--wait", "PT3M")), Path.of(given.getOrDefault("--work-dir", ".fleetloop/demo")));
    }
}
