package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code fleetloop.roles}: a process without the workers role leaves a queued job alone; a workers-only process on
 * the same database claims and runs it, serves no REST and reads no event stream.
 */
class WorkerRolesTest {

    @Test
    void onlyAProcessWithTheWorkersRoleRunsJobsAndAWorkersOnlyProcessServesNoRest() {
        String tenant = "roles-" + UUID.randomUUID().toString().substring(0, 8);
        SourceBucket source = new SourceBucket("raw-" + tenant);
        source.put("run/a.bin", SourceBucket.randomBytes(10_000, 1));
        source.put("run/b.bin", SourceBucket.randomBytes(20_000, 2));
        Map<String, Object> shared = TestServers.platformProperties("roles");

        try (RunningPlatform front = RunningPlatform.start(withRoles(shared, "api,processors"))) {
            Api api = front.api(tenant);
            JdbcClient db = front.bean(JdbcClient.class);
            Ingestions.storeCredentials(api, "keys");
            String sourceId = Ingestions.createSource(api, "run", source.name(), "run/", "keys");
            String taskId = Ingestions.createTask(api, sourceId, "*.bin", "landing", "LIDAR");
            Ingestions.start(api, taskId);

            // Queued, and nobody claims it: this process has no workers role.
            await().atMost(Duration.ofSeconds(30)).until(() -> queued(db, taskId) == 1);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() ->
                    "RUNNING".equals(api.get("/v1/ingestion-tasks/" + taskId).json("/status").asText()) && queued(db, taskId) == 1
                            && picked(db, taskId) == 0);

            try (RunningPlatform worker = RunningPlatform.start(withRoles(shared, "workers"))) {
                JsonNode task = Ingestions.awaitEnd(api, taskId);
                assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
                assertThat(task.path("objectCount").asInt()).isEqualTo(2);
                assertThat(queued(db, taskId)).isZero();
                // The job metered what it did through its context.
                assertThat(db.sql("select sum(quantity) from worker_job_usage where job_id like ? and resource = 'ingested-bytes'")
                        .param("ingestion-run/" + taskId + "#%").query(Double.class).single()).isEqualTo(30_000.0);

                Api onWorker = worker.api(tenant);
                assertThat(onWorker.get("/v1/ingestion-tasks/" + taskId).status()).isEqualTo(404);
                assertThat(onWorker.get("/v1/assets").status()).isEqualTo(404);
                // Without the processors role a process reads no event stream: its only processors are the command
                // side's subscribing ones (a tailing one would poll the store after every commit).
                assertThat(worker.bean(EventProcessingConfiguration.class).eventProcessors())
                        .isNotEmpty()
                        .allSatisfy((name, processor) -> assertThat(processor).as(name).isInstanceOf(SubscribingEventProcessor.class));
                // ... nor runs the scheduled tasks of sagas and processors: deadlines, workflow schedules, training webhook deliveries
                assertThat(worker.hasBean("dbSchedulerDeadlineDetailsTask")).isFalse();
                assertThat(worker.hasBean("workflowScheduleTask")).isFalse();
                assertThat(worker.hasBean("trainingWebhookTask")).isFalse();
                assertThat(front.hasBean("trainingWebhookTask")).isTrue();
            }
        }
    }

    private static Map<String, Object> withRoles(Map<String, Object> properties, String roles) {
        Map<String, Object> copy = new HashMap<>(properties);
        copy.put("fleetloop.roles", roles);
        return copy;
    }

    private static int queued(JdbcClient db, String taskId) {
        return db.sql("select count(*) from scheduled_tasks where task_name = 'ingestion-run' and task_instance like ?")
                .param(taskId + "#%").query(Integer.class).single();
    }

    private static int picked(JdbcClient db, String taskId) {
        return db.sql("select count(*) from scheduled_tasks where task_name = 'ingestion-run' and task_instance like ? and picked")
                .param(taskId + "#%").query(Integer.class).single();
    }
}
