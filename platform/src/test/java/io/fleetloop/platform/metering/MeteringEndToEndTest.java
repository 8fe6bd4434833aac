package io.fleetloop.platform.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.IngestionRunJob;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.query.admin.ProcessorPositions;
import io.fleetloop.workers.metering.StorageSampler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metering, quotas and settlement through the public API on the real servers: an ingestion run is metered once (also
 * when its job runs again), priced by the price-list version in force, debited from the account exactly once; a used-up
 * quota refuses the next start with a 409 and an event; the bill survives a replay; the dashboard's charts are SVG.
 */
class MeteringEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();

    private record Tenant(String id, Api engineer, Api admin, String sourceId) {
    }

    private Tenant tenant(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api engineer = platform.api(id, Role.DATA_ENGINEER);
        Api admin = platform.api(id, Role.PLATFORM_ADMIN);
        SourceBucket source = new SourceBucket("raw-" + id);
        source.put("run/a.bin", SourceBucket.randomBytes(10_000, 1));
        source.put("run/b.bin", SourceBucket.randomBytes(20_000, 2));
        Ingestions.storeCredentials(engineer, "keys");
        return new Tenant(id, engineer, admin, Ingestions.createSource(engineer, "run", source.name(), "run/", "keys"));
    }

    /** Runs one ingestion of the two objects to its end and waits until its bytes are on the bill. */
    private String ingest(Tenant tenant) {
        String taskId = Ingestions.createTask(tenant.engineer(), tenant.sourceId(), "*.bin", "landing-" + UUID.randomUUID(), "LIDAR");
        Ingestions.start(tenant.engineer(), taskId);
        assertThat(Ingestions.awaitEnd(tenant.engineer(), taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> quantity(lines(tenant.engineer(), taskId), "ingested-bytes") == 30_000.0
                        && quantity(lines(tenant.engineer(), taskId), "ingested-objects") == 2.0);
        return taskId;
    }

    private static List<JsonNode> lines(Api api, String taskId) {
        Api.Response response = api.get("/v1/billing/lines?from=2020-01-01&size=500");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : response.json("/items")) {
            if (taskId == null || taskId.equals(line.path("taskId").asText())) lines.add(line);
        }
        return lines;
    }

    private static double quantity(List<JsonNode> lines, String resource) {
        return lines.stream().filter(l -> l.path("resource").asText().equals(resource)).mapToDouble(l -> l.path("quantity").asDouble()).sum();
    }

    private static BigDecimal amount(List<JsonNode> lines) {
        return lines.stream().map(l -> l.path("amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void awaitCaughtUp(String... processors) {
        ProcessorPositions positions = platform.bean(ProcessorPositions.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> positions.caughtUp(List.of(processors)));
    }

    @Test
    void anIngestionRunIsMeteredOnceAlsoWhenItsJobRunsAgainOrReportsAgain() throws Exception {
        Tenant tenant = tenant("meter");
        String taskId = ingest(tenant);
        List<JsonNode> first = lines(tenant.engineer(), taskId);
        String jobId = first.get(0).path("jobId").asText();
        assertThat(jobId).isEqualTo("ingestion-run/" + taskId + "#1");
        assertThat(first).allSatisfy(line -> {
            assertThat(line.path("context").asText()).isEqualTo("ING");
            assertThat(line.path("priceListVersion").asInt()).isEqualTo(1);
        });
        JdbcClient db = platform.bean(JdbcClient.class);

        // The queue runs the same job again (as after a worker died): the same instance, the same request.
        DataIngestionStartedEvent started = platform.bean(EventStore.class).readEvents(taskId).asStream()
                .map(e -> e.getPayload()).filter(DataIngestionStartedEvent.class::isInstance).map(DataIngestionStartedEvent.class::cast)
                .findFirst().orElseThrow();
        IngestionRunJob job = new IngestionRunJob(started, "alice@" + tenant.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> queued(db, job) == 0);
        platform.bean(SchedulerClient.class).schedule(new TaskInstance<>(IngestionRunJob.NAME, job.instanceId(),
                platform.bean(ObjectMapper.class).writeValueAsString(job)), Instant.now());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> queued(db, job) == 0
                && db.sql("select count(*) from worker_job_usage where job_id = ? and resource = 'ingested-bytes'").param(jobId)
                .query(Integer.class).single() == 2);
        // A job reporting its whole usage again (a retry after the report was sent) is not charged again.
        platform.bean(CommandGateway.class).sendAndWait(new MeterUsageCommand(tenant.id(), jobId + "/ingested-bytes", LoopContext.ING, taskId,
                jobId, null, null, "ingested-bytes", 30_000, "byte", Instant.now()));
        platform.bean(CommandGateway.class).sendAndWait(new MeterUsageCommand(tenant.id(), jobId + "/ingested-objects", LoopContext.ING, taskId,
                jobId, null, null, "ingested-objects", 2, "object", Instant.now()));
        awaitCaughtUp("billing-ledger");

        List<JsonNode> after = lines(tenant.engineer(), taskId);
        assertThat(quantity(after, "ingested-bytes")).isEqualTo(30_000.0);
        assertThat(quantity(after, "ingested-objects")).isEqualTo(2.0);
        assertThat(after.stream().filter(l -> !l.path("resource").asText().equals("worker-seconds")).count()).isEqualTo(2);
        JsonNode bytes = after.stream().filter(l -> l.path("resource").asText().equals("ingested-bytes")).findFirst().orElseThrow();
        assertThat(bytes.path("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("0.00000002").multiply(new BigDecimal(30_000)));
    }

    @Test
    void aNewPriceListVersionPricesUsageFromTheTimeItTakesEffect() {
        Tenant tenant = tenant("price");
        String before = ingest(tenant);
        Api.Response denied = tenant.engineer().put("/v1/price-list", Map.of("prices", List.of(
                Map.of("resource", "ingested-objects", "unit", "object", "unitPrice", 1))));
        assertThat(denied.status()).as(denied.raw()).isEqualTo(403);
        Api.Response published = tenant.admin().put("/v1/price-list", Map.of("prices", List.of(
                Map.of("resource", "ingested-objects", "unit", "object", "unitPrice", 1),
                Map.of("resource", "ingested-bytes", "unit", "byte", "unitPrice", 0.001))));
        assertThat(published.status()).as(published.raw()).isEqualTo(204);
        Api.Response bad = tenant.admin().put("/v1/price-list", Map.of("prices", List.of(
                Map.of("resource", "ingested-objects", "unit", "object", "unitPrice", -1))));
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        String afterwards = ingest(tenant);

        assertThat(lines(tenant.engineer(), before)).filteredOn(l -> l.path("resource").asText().equals("ingested-objects"))
                .singleElement().satisfies(l -> {
                    assertThat(l.path("priceListVersion").asInt()).isEqualTo(1);
                    assertThat(l.path("unitPrice").decimalValue()).isEqualByComparingTo("0.0001");
                });
        assertThat(lines(tenant.engineer(), afterwards)).filteredOn(l -> l.path("resource").asText().equals("ingested-objects"))
                .singleElement().satisfies(l -> {
                    assertThat(l.path("priceListVersion").asInt()).isEqualTo(2);
                    assertThat(l.path("unitPrice").decimalValue()).isEqualByComparingTo("1");
                    assertThat(l.path("amount").decimalValue()).isEqualByComparingTo("2");
                });
        awaitCaughtUp("billing-terms");
        JsonNode priceList = tenant.engineer().get("/v1/price-list").body();
        assertThat(priceList.path("versions")).hasSize(2);
        assertThat(priceList.path("inForce").asInt()).isEqualTo(2);
    }

    @Test
    void aUsedUpQuotaRefusesTheNextIngestionStartWithAnEventAndStartsNothing() {
        Tenant tenant = tenant("quota");
        Api.Response nonAdmin = tenant.engineer().put("/v1/quotas/ingested-objects", Map.of("limit", 2, "period", "DAY"));
        assertThat(nonAdmin.status()).as(nonAdmin.raw()).isEqualTo(403);
        Api.Response set = tenant.admin().put("/v1/quotas/ingested-objects", Map.of("limit", 2, "period", "DAY"));
        assertThat(set.status()).as(set.raw()).isEqualTo(204);
        assertThat(tenant.admin().put("/v1/quotas/ingested-objects", Map.of("limit", -5, "period", "DAY")).status()).isEqualTo(400);
        assertThat(tenant.admin().put("/v1/quotas/Bad%20Name", Map.of("limit", 5, "period", "DAY")).status()).isEqualTo(400);
        ingest(tenant);

        String next = Ingestions.createTask(tenant.engineer(), tenant.sourceId(), "*.bin", "landing-next", "LIDAR");
        Api.Response refused = tenant.engineer().post("/v1/ingestion-tasks/" + next + "/start", null);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json("/code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.raw()).contains("ingested-objects").contains("\"limit\"").contains("\"used\"");
        assertThat(refused.json("/detail").asText()).contains("used 2.0 of 2.0");

        // Nothing started: the task is still only created, no job was queued.
        assertThat(tenant.engineer().get("/v1/ingestion-tasks/" + next).json("/status").asText()).isEqualTo("CREATED");
        assertThat(platform.bean(JdbcClient.class).sql("select count(*) from scheduled_tasks where task_instance like ?")
                .param(next + "#%").query(Integer.class).single()).isZero();
        // The refusal is an event of the tenant's account.
        String history = platform.api(tenant.id(), Role.AUDITOR).get("/v1/audit/aggregates/" + tenant.id() + "/events").raw();
        assertThat(history).contains("DispatchRefusedEvent").contains("QUOTA_EXCEEDED");

        awaitCaughtUp("billing-terms", "billing-ledger");
        JsonNode quota = tenant.engineer().get("/v1/quotas").json("/quotas/0");
        assertThat(quota.path("resource").asText()).isEqualTo("ingested-objects");
        assertThat(quota.path("used").asDouble()).isEqualTo(2.0);
        assertThat(quota.path("exhausted").asBoolean()).isTrue();
    }

    @Test
    void creditsAreDebitedExactlyOnceAndTheBillingLinesSumToTheDebits() {
        Tenant tenant = tenant("ledger");
        assertThat(tenant.engineer().post("/v1/billing/credits", Map.of("amount", 100, "reference", "invoice-1")).status()).isEqualTo(403);
        for (int i = 0; i < 2; i++) {
            Api.Response credited = tenant.admin().post("/v1/billing/credits", Map.of("amount", 100, "reference", "invoice-1"));
            assertThat(credited.status()).as(credited.raw()).isEqualTo(204);
        }
        assertThat(tenant.admin().post("/v1/billing/credits", Map.of("amount", 0, "reference", "invoice-2")).status()).isEqualTo(400);
        ingest(tenant);
        ingest(tenant);
        awaitCaughtUp("billing-ledger");

        List<JsonNode> lines = lines(tenant.engineer(), null);
        JsonNode account = tenant.engineer().get("/v1/billing/account").body();
        assertThat(account.path("credits").decimalValue()).isEqualByComparingTo("100");
        assertThat(account.path("debits").decimalValue()).isEqualByComparingTo(amount(lines));
        assertThat(account.path("balance").decimalValue()).isEqualByComparingTo(new BigDecimal(100).subtract(amount(lines)));
        assertThat(tenant.engineer().get("/v1/billing/lines?from=2020-01-01").json("/totalAmount").decimalValue())
                .isEqualByComparingTo(amount(lines));
        assertThat(quantity(lines, "ingested-bytes")).isEqualTo(60_000.0);

        // An exhausted balance stops new work once the policy says so.
        assertThat(tenant.admin().put("/v1/price-list", Map.of("prices", List.of(
                Map.of("resource", "ingested-objects", "unit", "object", "unitPrice", 1000)))).status()).isEqualTo(204);
        ingest(tenant);
        assertThat(tenant.admin().put("/v1/billing/policy", Map.of("stopDispatchWhenExhausted", true)).status()).isEqualTo(204);
        String next = Ingestions.createTask(tenant.engineer(), tenant.sourceId(), "*.bin", "landing-next", "LIDAR");
        Api.Response refused = tenant.engineer().post("/v1/ingestion-tasks/" + next + "/start", null);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.raw()).contains("BALANCE_EXHAUSTED");
    }

    @Test
    void replayingTheBillingProjectionsGivesTheSameBill() {
        Tenant tenant = tenant("replay-bill");
        tenant.admin().post("/v1/billing/credits", Map.of("amount", 10, "reference", "r-1"));
        ingest(tenant);
        awaitCaughtUp("billing-ledger", "billing-terms", "loop-outcomes");
        String linesBefore = tenant.engineer().get("/v1/billing/lines?from=2020-01-01&size=500").raw();
        String accountBefore = tenant.engineer().get("/v1/billing/account").raw();
        String roi = "/v1/cost-dashboard/roi?from=2020-01-01&to=" + Instant.now().plus(Duration.ofDays(1));
        String roiBefore = tenant.engineer().get(roi).raw();

        EventProcessingConfiguration processing = platform.bean(EventProcessingConfiguration.class);
        for (String group : List.of("billing-ledger", "billing-terms", "loop-outcomes")) {
            StreamingEventProcessor processor = processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        awaitCaughtUp("billing-ledger", "billing-terms", "loop-outcomes");
        assertThat(tenant.engineer().get("/v1/billing/lines?from=2020-01-01&size=500").raw()).isEqualTo(linesBefore);
        assertThat(tenant.engineer().get("/v1/billing/account").raw()).isEqualTo(accountBefore);
        assertThat(tenant.engineer().get(roi).raw()).isEqualTo(roiBefore);
    }

    @Test
    void storageIsMeteredOncePerTenantPerDay() {
        Tenant tenant = tenant("storage");
        ingest(tenant);
        StorageSampler sampler = platform.bean(StorageSampler.class);
        assertThat(sampler.sample()).isPositive();
        sampler.sample();
        awaitCaughtUp("billing-ledger");
        List<JsonNode> storage = lines(tenant.engineer(), null).stream()
                .filter(l -> l.path("resource").asText().equals("storage-gb-days")).toList();
        assertThat(storage).singleElement().satisfies(l -> {
            assertThat(l.path("context").asText()).isEqualTo("CAT");
            assertThat(l.path("quantity").asDouble()).isEqualTo(30_000 / 1e9);
            assertThat(l.path("usageId").asText()).startsWith("storage/");
        });
    }

    @Test
    void theCostDashboardShowsEveryContextTheRoiItsFormulaAndTheChartsAreSvg() throws Exception {
        Tenant tenant = tenant("dashboard");
        ingest(tenant);
        awaitCaughtUp("billing-ledger", "loop-outcomes");

        Api.Response dashboard = tenant.engineer().get("/v1/cost-dashboard?from=" + Instant.now().minus(Duration.ofDays(2)) + "&granularity=day");
        assertThat(dashboard.status()).as(dashboard.raw()).isEqualTo(200);
        assertThat(dashboard.json("/contexts")).extracting(c -> c.path("context").asText())
                .containsExactly("ING", "CAT", "ANN", "SIM", "BHV", "OTA");
        JsonNode ing = dashboard.json("/contexts/0");
        assertThat(ing.path("items").asDouble()).isEqualTo(2.0);
        assertThat(ing.path("cost").decimalValue()).isPositive();
        assertThat(ing.path("costPerItem").decimalValue()).isPositive();
        assertThat(dashboard.json("/contexts/3/cost").decimalValue()).isZero();
        assertThat(dashboard.json("/periods").size()).isBetween(2, 3);

        JsonNode roi = tenant.engineer().get("/v1/cost-dashboard/roi?from=2020-01-01").body();
        assertThat(roi.path("outcomes").path("ASSETS_INGESTED").asLong()).isEqualTo(2);
        assertThat(roi.path("formula").asText()).contains("cost /");
        assertThat(roi.path("costPerOutcome").decimalValue())
                .isEqualByComparingTo(roi.path("cost").decimalValue().divide(new BigDecimal(2), 6, java.math.RoundingMode.HALF_EVEN));

        for (String series : List.of("cost-by-context", "cost-over-time", "cost-by-tenant")) {
            Api.Response chart = tenant.engineer().get("/v1/cost-dashboard/chart.svg?series=" + series);
            assertThat(chart.status()).as(series + ": " + chart.raw()).isEqualTo(200);
            assertThat(chart.contentType()).startsWith("image/svg+xml");
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(chart.raw().getBytes(StandardCharsets.UTF_8)));
            assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
            assertThat(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength()).isGreaterThan(1);
        }
        assertThat(tenant.engineer().get("/v1/cost-dashboard/chart.svg?series=pie").status()).isEqualTo(400);
        assertThat(tenant.engineer().get("/v1/cost-dashboard?granularity=hour").status()).isEqualTo(400);
        assertThat(tenant.engineer().get("/v1/cost-dashboard?from=2026-12-05&to=2026-12-01").status()).isEqualTo(400);
        assertThat(platform.api(tenant.id(), Role.QC_REVIEWER).get("/v1/cost-dashboard").status()).isEqualTo(403);
    }

    private static int queued(JdbcClient db, IngestionRunJob job) {
        return db.sql("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?")
                .params(IngestionRunJob.NAME, job.instanceId()).query(Integer.class).single();
    }
}
