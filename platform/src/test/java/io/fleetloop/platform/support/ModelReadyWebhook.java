package io.fleetloop.platform.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

/** The training platform calling {@code POST /webhooks/model-ready} for {@link TestServers#OTA_TENANT}, signed or not. */
public final class ModelReadyWebhook {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ModelReadyWebhook() {
    }

    /** The body signed now with the tenant's secret, as the training platform sends it. */
    public static HttpResponse<String> sendSigned(RunningPlatform platform, String body) {
        long now = Instant.now().getEpochSecond();
        return send(platform, body, now, sign(now, body));
    }

    /** The body with the given timestamp and signature headers; {@code null} leaves a header out. */
    public static HttpResponse<String> send(RunningPlatform platform, String body, Long timestamp, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/webhooks/model-ready"))
                .header("Content-Type", "application/json").header("X-Fleetloop-Tenant", TestServers.OTA_TENANT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) request.header("X-Fleetloop-Timestamp", String.valueOf(timestamp));
        if (signature != null) request.header("X-Fleetloop-Signature", signature);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">} with the tenant's webhook secret. */
    public static String sign(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TestServers.OTA_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
