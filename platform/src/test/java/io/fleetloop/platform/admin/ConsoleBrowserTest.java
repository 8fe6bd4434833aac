package io.fleetloop.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Browser;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import io.fleetloop.query.admin.ProcessorPositions;
import io.minio.PutObjectArgs;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator console at {@code /console} in headless Chromium, against a platform of its own that also runs the
 * test-only poison projection (as {@link ProcessorAdminEndToEndTest} does): log in with a token, see the processors live,
 * reset a projection and watch its lag return to 0, retry a parked dead letter whose payload carries markup (shown as text,
 * never run), follow a rollout that DDI devices advance and pause it, and see a QC reviewer's reset refused with 403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final Duration AT_MOST = Duration.ofSeconds(45);
    private static final String XSS = "<img src=x onerror=\"window.__xss=1\">";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "console-" + run;
    private final List<String> aggregates = new ArrayList<>();
    private final Map<String, Integer> sequences = new ConcurrentHashMap<>();
    private RunningPlatform platform;
    private ConsolePage page;
    private Api admin;
    private WebDriver browser;

    @BeforeAll
    void start() {
        browser = Browser.shared(); // first: no browser, no test (fails, never skips)
        Map<String, Object> properties = new LinkedHashMap<>(TestServers.platformProperties("console"));
        properties.put("spring.main.sources", PoisonTestProjection.class.getName());
        properties.put("fleetloop.dead-letters.extra-groups", PoisonTestProjection.GROUP);
        platform = RunningPlatform.start(properties);
        page = new ConsolePage(browser, platform.baseUrl(), AT_MOST);
        admin = platform.api(tenant, Role.PLATFORM_ADMIN);
    }

    @AfterAll
    void stop() {
        // the poison projection's bookkeeping is static: leave none of this test's aggregates for ProcessorAdminEndToEndTest
        aggregates.forEach(id -> {
            PoisonTestProjection.POISONED.remove(id);
            PoisonTestProjection.HANDLED.remove(id);
            PoisonTestProjection.CALLS.remove(id);
        });
        if (platform != null) platform.close();
    }

    @Test
    void theConsolePageIsServedWithoutATokenButItsApiCallsNeedOne() {
        assertThat(platform.anonymous().download("/console").status()).isEqualTo(200);
        Api.Download page = platform.anonymous().download("/console/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(new String(page.body())).contains("Fleetloop console").doesNotContain("src=\"http", "href=\"http", "src=\"//", "href=\"//");
        Api.Download script = platform.anonymous().download("/console/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(new String(script.body())).doesNotContain("innerHTML", "https://");
        assertThat(platform.anonymous().download("/console/console.css").status()).isEqualTo(200);
        assertThat(platform.anonymous().get("/v1/admin/processors").status()).isEqualTo(401);
    }

    @Test
    void anAdminResetsAProjectionAndSeesItsLagReturnToZero() {
        for (int i = 0; i < 20; i++) publish("replayed-" + run, i);
        ProcessorPositions positions = platform.bean(ProcessorPositions.class);
        await().atMost(AT_MOST).until(() -> positions.caughtUp(List.of(PoisonTestProjection.GROUP)));
        login(admin.token());
        page.section("processors");
        assertThat(processorText("td:nth-child(2)")).isIn("tracking", "pooled");
        assertThat(processorText("td:nth-child(3)")).contains("running").contains("projection");
        await().atMost(AT_MOST).until(() -> processorText(".lag"), "0"::equals);

        // live: a new event moves the head shown in the table without a reload
        String head = processorText("td:nth-child(4)");
        publish("replayed-" + run, 20);
        await().atMost(AT_MOST).until(() -> processorText("td:nth-child(4)"), shown -> !shown.equals(head));

        clickInProcessorRow("button.reset");
        page.confirm("Reset " + PoisonTestProjection.GROUP + " to the beginning");
        await().atMost(AT_MOST).until(this::message, m -> m.contains("reset " + PoisonTestProjection.GROUP + ": done"));
        await().atMost(Duration.ofSeconds(60)).until(() -> positions.caughtUp(List.of(PoisonTestProjection.GROUP))
                && "0".equals(processorText(".lag")));
        assertThat(PoisonTestProjection.HANDLED.get("replayed-" + run)).hasSize(21);
    }

    @Test
    void aPoisonDeadLetterWithMarkupIsShownAsTextAndRetriedFromThePage() {
        String poisoned = XSS + run;
        PoisonTestProjection.POISONED.add(poisoned);
        publish(poisoned, 0);
        login(admin.token());
        page.section("dead-letters");
        assertThat(letterText(poisoned, ".sequence")).isEqualTo(poisoned);
        assertThat(letterText(poisoned, ".error-message")).contains("poisoned aggregate " + poisoned);
        assertThat(browser.findElements(By.cssSelector("#dead-letter-table img"))).as("markup in data is never parsed").isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined")).isEqualTo(true);

        PoisonTestProjection.POISONED.remove(poisoned); // fixed
        retry(() -> {
            deadLetterRow(poisoned).findElement(By.cssSelector("button.retry")).click();
            return true;
        });
        await().atMost(AT_MOST).until(() -> deadLetterRow(poisoned) == null);
        assertThat(message()).contains("retry").contains("done");
        assertThat(PoisonTestProjection.HANDLED.get(poisoned)).containsExactly(0);
        assertThat(admin.get("/v1/admin/dead-letters").json("/total").asInt()).isZero();
    }

    @Test
    void aRolloutAdvancesLiveAsDevicesReportOverDdiAndIsPausedFromThePage() throws Exception {
        List<String> devices = List.of("car-" + run + "-0", "car-" + run + "-1", "car-" + run + "-2", "car-" + run + "-3");
        String taskId = release(devices);
        assertThat(admin.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", devices)).status()).isEqualTo(202);
        login(admin.token());
        page.section("rollouts");
        WebElement open = await().atMost(AT_MOST).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("tr[data-release='" + taskId + "'] button.open")), java.util.Objects::nonNull);
        open.click();
        await().atMost(AT_MOST).until(() -> byId("rollout-status"), "RUNNING"::equals);
        await().atMost(AT_MOST).until(() -> cell("batch-table", "0", 8), "DEPLOYING"::equals);
        assertThat(byId("rollout-total")).isEqualTo("4");
        assertThat(byId("rollout-succeeded")).isEqualTo("0");

        // the first batch's devices (2 of 4) find their deployment over DDI; one installs it and reports success
        Ddi device = null;
        String actionHref = null;
        for (String id : devices) {
            Ddi candidate = Ddi.target(platform, tenant, id, "token-" + id + "-0123456789");
            JsonNode link = candidate.poll().json("/_links/deploymentBase/href");
            if (!link.isMissingNode()) {
                device = candidate;
                actionHref = link.asText();
                break;
            }
        }
        assertThat(device).as("a device of the first batch").isNotNull();
        String actionId = device.get(actionHref).json("/id").asText();
        assertThat(device.feedback(actionHref, actionId, "closed", "success", "installed by the console test").status()).isEqualTo(200);
        await().atMost(AT_MOST).until(() -> byId("rollout-succeeded"), "1"::equals);
        assertThat(cell("batch-table", "0", 4)).isEqualTo("1");
        String reporter = device.base().substring(device.base().lastIndexOf('/') + 1);
        await().atMost(AT_MOST).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("#device-table tr[data-device='" + reporter + "']"))
                .getText(), t -> t.contains("installed by the console test"));

        browser.findElement(By.id("rollout-action-reason")).clear();
        browser.findElement(By.id("rollout-action-reason")).sendKeys("paused from the console: " + XSS);
        browser.findElement(By.id("rollout-pause")).click();
        page.confirm("Pause release " + taskId);
        await().atMost(AT_MOST).until(() -> byId("rollout-status"), "PAUSED"::equals);
        assertThat(byId("rollout-reason")).contains("paused from the console: " + XSS);
        assertThat(browser.findElements(By.cssSelector("#rollout img"))).isEmpty();
        assertThat(admin.get("/v1/release-tasks/" + taskId).json("/status").asText()).isEqualTo("PAUSED");
    }

    @Test
    void aQcReviewerSeesTheRefusalOfAProcessorResetAsA403() {
        Api reviewer = platform.api(tenant, Role.QC_REVIEWER);
        login(reviewer.token());
        page.section("processors");
        await().atMost(AT_MOST).until(this::message, m -> m.contains("403"));
        assertThat(browser.findElements(By.cssSelector("#processor-table tbody tr"))).isEmpty();

        // a page loaded by an admin whose token is then swapped for the reviewer's: the reset itself is refused by the API
        login(admin.token());
        page.section("processors");
        browser.findElement(By.id("live")).click(); // no refresh in between
        processorText("td:nth-child(1)");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('fleetloop.console.token', arguments[0])", reviewer.token());
        clickInProcessorRow("button.reset");
        page.confirm("Reset " + PoisonTestProjection.GROUP);
        await().atMost(AT_MOST).until(this::message, m -> m.contains("refused: 403") && m.contains("PROCESSOR_MANAGE"));
        assertThat(browser.findElement(By.id("message")).getAttribute("class")).isEqualTo("error");
        browser.findElement(By.id("live")).click();
    }

    // ---------- page helpers ----------

    private void login(String token) {
        page.login(token, tenant);
        browser = page.browser(); // a new one if the old one crashed
    }

    private static final String PROCESSOR_ROW = "#processor-table tr[data-processor='" + PoisonTestProjection.GROUP + "'] ";

    /** Found afresh on every try: the live table is rebuilt every 2 s, so an element found a moment ago may be stale. */
    private String processorText(String css) {
        return retry(() -> browser.findElement(By.cssSelector(PROCESSOR_ROW + css)).getText());
    }

    private void clickInProcessorRow(String css) {
        retry(() -> {
            browser.findElement(By.cssSelector(PROCESSOR_ROW + css)).click();
            return true;
        });
    }

    private String letterText(String sequenceId, String css) {
        return retry(() -> deadLetterRow(sequenceId).findElement(By.cssSelector(css)).getText());
    }

    private WebElement deadLetterRow(String sequenceId) {
        for (WebElement row : browser.findElements(By.cssSelector("#dead-letter-table tbody tr"))) {
            try {
                if (sequenceId.equals(row.getAttribute("data-sequence"))) return row;
            } catch (WebDriverException stale) {
                // the table was refreshed meanwhile
            }
        }
        return null;
    }

    private String cell(String table, String batch, int column) {
        return retry(() -> browser.findElement(By.cssSelector("#" + table + " tr[data-batch='" + batch + "'] td:nth-child(" + column + ")")).getText());
    }

    private String byId(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String message() {
        return byId("message");
    }

    /** Live tables are replaced every 2 s: an element found a moment ago may be stale, so look again. */
    private static <T> T retry(Callable<T> find) {
        return await().atMost(AT_MOST).ignoreExceptions().until(find, java.util.Objects::nonNull);
    }

    private void publish(String aggregateId, int step) {
        if (!aggregates.contains(aggregateId)) aggregates.add(aggregateId);
        int sequence = sequences.merge(aggregateId, 1, Integer::sum) - 1;
        platform.bean(EventStore.class).publish(new GenericDomainEventMessage<>("PoisonTest", aggregateId, sequence,
                new PoisonTestEvent(aggregateId, step), MetaData.with("tenantId", tenant)));
    }

    private String release(List<String> devices) throws Exception {
        String version = "console-" + run;
        String artifactUri = ConsoleFixtures.model(platform, tenant, version);
        ConsoleFixtures.fleet(admin, devices, "console", "before-" + run);
        Api.Response created = admin.post("/v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", version,
                "artifactUri", artifactUri, "targetDeviceType", "vehicle",
                "grayPolicy", Map.of("batchPercentages", List.of(50, 50), "interval", "PT1H", "successThreshold", 0.5, "errorThreshold", 0.9,
                        "deviceFilter", Map.of("fleet", "console"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        await().atMost(AT_MOST).until(() -> admin.get("/v1/release-tasks/" + taskId).status() == 200);
        return taskId;
    }
}
