package io.fleetloop.platform;

import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform is stopped and started again on the same data: projections and the Kafka publisher continue
 * from where they were, with nothing lost and nothing published twice.
 */
class RestartTest {

    @Test
    void projectionsAndPublisherContinueAfterARestartWithNothingLostOrDuplicated() {
        String tenant = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        SourceBucket bucket = new SourceBucket("rs-" + tenant);
        for (int i = 0; i < 3; i++) bucket.put("before/" + i + ".bin", SourceBucket.randomBytes(2000, 100 + i));
        for (int i = 0; i < 2; i++) bucket.put("after/" + i + ".bin", SourceBucket.randomBytes(2000, 200 + i));

        try (RunningPlatform platform = RunningPlatform.start(TestServers.platformProperties("restart"));
             KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.started", "ingestion.completed", "catalog.registered"))) {
            Api api = platform.api(tenant);
            Ingestions.storeCredentials(api, "keys");
            String sourceId = Ingestions.createSource(api, "fleet", bucket.name(), "", "keys");
            String before = Ingestions.createTask(api, sourceId, "before/**", "landing", "CAN");
            Ingestions.start(api, before);
            assertThat(Ingestions.awaitEnd(api, before).path("status").asText()).isEqualTo("COMPLETED");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api.get("/v1/assets").json("/total").asInt()).isEqualTo(3);
                assertThat(kafka.on("catalog.registered")).hasSize(3);
            });
            int auditBefore = api.get("/v1/audit-records?size=500").json("/total").asInt();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/audit-records?resourceId=" + before).json("/total").asInt() == 12);
            int auditOfBefore = api.get("/v1/audit-records?resourceId=" + before).json("/total").asInt();

            platform.stop();
            platform.start();

            Api again = platform.api(tenant);
            assertThat(again.get("/v1/ingestion-tasks/" + before).json("/status").asText()).isEqualTo("COMPLETED");
            String after = Ingestions.createTask(again, sourceId, "after/**", "landing", "CAN");
            Ingestions.start(again, after);
            assertThat(Ingestions.awaitEnd(again, after).path("objectCount").asInt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(again.get("/v1/assets").json("/total").asInt()).isEqualTo(5);
                assertThat(kafka.on("catalog.registered")).hasSize(5);
                assertThat(kafka.on("ingestion.completed")).hasSize(2);
            });
            // Give a replaying publisher the chance to show itself, then count again: exactly once each.
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            List<KafkaTap.Received> all = kafka.poll();
            Set<String> ids = new HashSet<>();
            all.forEach(r -> ids.add(r.cloudEvent().path("id").asText()));
            assertThat(ids).hasSize(all.size());
            assertThat(kafka.on("ingestion.started")).hasSize(2);
            assertThat(kafka.on("catalog.registered")).hasSize(5);

            int auditAfter = again.get("/v1/audit-records?size=500").json("/total").asInt();
            assertThat(auditAfter).isGreaterThan(auditBefore);
            assertThat(again.get("/v1/audit-records?resourceId=" + before).json("/total").asInt()).isEqualTo(auditOfBefore);
            assertThat(again.get("/v1/audit/aggregates/" + before + "/events").json("/events")).hasSize(6);
        }
    }
}
