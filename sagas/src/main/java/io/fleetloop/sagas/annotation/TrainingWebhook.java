package io.fleetloop.sagas.annotation;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Announces every exported dataset to the training platform ({@code fleetloop.annotation.training-webhook.url}):
 * {@code POST} of a JSON body signed with HMAC-SHA256 over {@code <timestamp>.<body>} with
 * {@code fleetloop.annotation.training-webhook.secret}, in headers {@code X-Fleetloop-Timestamp} and
 * {@code X-Fleetloop-Signature: sha256=<hex>}; {@code X-Fleetloop-Delivery} is stable across retries so receivers can
 * de-duplicate. Delivery is a persistent job retried with exponential back-off (8 tries), run by every process
 * that runs the event processors (not a compute job: no worker role needed; a process without the processors role
 * does not register the task, {@code RoleScanFilter.Initializer}). No URL, no webhook. The jobs are
 * started by {@link TrainingWebhookAnnouncer}.
 */
@Configuration(proxyBeanMethods = false)
class TrainingWebhook {

    static final String TASK_NAME = "training-webhook";

    @Bean
    OneTimeTask<String> trainingWebhookTask(ObjectProvider<Delivery> delivery) {
        return Tasks.oneTime(TASK_NAME, String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(8,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(2), 2.0)))
                .execute((instance, context) -> delivery.getObject().deliver(instance.getId(), instance.getData()));
    }

    @Component
    static class Delivery {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String url;
        private final String secret;
        private final Clock clock;

        Delivery(@Value("${fleetloop.annotation.training-webhook.url:}") String url,
                 @Value("${fleetloop.annotation.training-webhook.secret:}") String secret, Clock clock) {
            this.url = url;
            this.secret = secret;
            this.clock = clock;
        }

        boolean configured() {
            return url != null && !url.isBlank();
        }

        void deliver(String deliveryId, String body) {
            if (!configured()) return;
            String timestamp = String.valueOf(clock.instant().getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Fleetloop-Event", "dataset.exported")
                    .header("X-Fleetloop-Delivery", deliveryId)
                    .header("X-Fleetloop-Timestamp", timestamp)
                    .header("X-Fleetloop-Signature", "sha256=" + hmacSha256Hex(secret, timestamp + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("training webhook answered " + response.statusCode());
                }
            } catch (IOException e) {
                throw new IllegalStateException("training webhook unreachable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private static String hmacSha256Hex(String secret, String text) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
