package io.fleetloop.command.ota;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.command.common.DerivedIds;
import io.fleetloop.command.common.Hmac;
import org.axonframework.messaging.MetaData;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;

/**
 * Seed 001 §4.3 {@code POST /webhooks/model-ready} from the training platform. Authenticated by HMAC-SHA256 over
 * {@code <X-Fleetloop-Timestamp>.<body>} with the tenant's secret ({@code fleetloop.ota.webhook-secrets.<tenant>}),
 * sent as {@code X-Fleetloop-Signature: sha256=<hex>} with {@code X-Fleetloop-Tenant}; a timestamp more than five
 * minutes off or a bad signature is 401 and creates nothing. The same versionId delivered twice is one release task.
 */
@RestController
class ModelReadyWebhook {

    static final long MAX_SKEW_SECONDS = 300;

    @ConfigurationProperties("fleetloop.ota")
    record OtaWebhookProperties(Map<String, String> webhookSecrets) {
        OtaWebhookProperties {
            webhookSecrets = webhookSecrets == null ? Map.of() : Map.copyOf(webhookSecrets);
        }
    }

    record Accepted(String taskId, String versionId, boolean duplicate) {
    }

    private final OtaWebhookProperties properties;
    private final ReleaseCreation creation;
    private final ObjectMapper json;
    private final Clock clock;

    ModelReadyWebhook(OtaWebhookProperties properties, ReleaseCreation creation, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.creation = creation;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/webhooks/model-ready")
    ResponseEntity<Accepted> modelReady(@RequestHeader(value = "X-Fleetloop-Tenant", required = false) String tenant,
                                        @RequestHeader(value = "X-Fleetloop-Timestamp", required = false) String timestamp,
                                        @RequestHeader(value = "X-Fleetloop-Signature", required = false) String signature,
                                        @RequestBody(required = false) String body) {
        authenticate(tenant, timestamp, signature, body == null ? "" : body);
        ReleaseCreation.ModelRelease release;
        try {
            release = json.readValue(body, ReleaseCreation.ModelRelease.class);
        } catch (Exception e) {
            throw FleetloopException.invalid("body", "not a model-ready payload: " + e.getMessage().split("\n")[0]);
        }
        if (release.versionId() == null || release.versionId().isBlank()) throw FleetloopException.invalid("versionId", "required");
        ReleaseTaskId taskId = new ReleaseTaskId(DerivedIds.uuid("model-ready:" + tenant + ":" + release.versionId()));
        // A repeated delivery is answered without reading the artifact again; two at once still create one task.
        boolean duplicate = creation.exists(taskId);
        try {
            if (!duplicate) creation.create(taskId, tenant, release, MetaData.from(Map.of("operator", "webhook:training-platform", "tenantId", tenant)));
        } catch (RuntimeException e) {
            if (!io.fleetloop.refusals.CommandRefusals.isDuplicateAggregate(e)) throw e;
            duplicate = true;
        }
        Accepted accepted = new Accepted(taskId.value(), release.versionId(), duplicate);
        return duplicate ? ResponseEntity.ok(accepted) : ResponseEntity.created(URI.create("/v1/release-tasks/" + taskId)).body(accepted);
    }

    private void authenticate(String tenant, String timestamp, String signature, String body) {
        String secret = tenant == null ? null : properties.webhookSecrets().get(tenant);
        if (secret == null || timestamp == null || signature == null || !signature.startsWith("sha256=")) throw unauthenticated("missing or unknown credentials");
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthenticated("X-Fleetloop-Timestamp must be epoch seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - sent) > MAX_SKEW_SECONDS) throw unauthenticated("stale or future timestamp");
        byte[] expected = Hmac.sha256Hex(secret, timestamp.trim() + "." + body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.substring("sha256=".length()).trim().toLowerCase().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) throw unauthenticated("bad signature");
    }

    private static FleetloopException unauthenticated(String why) {
        return new FleetloopException(ErrorDetails.of(ErrorCode.UNAUTHENTICATED, "webhook authentication failed: " + why));
    }

}
