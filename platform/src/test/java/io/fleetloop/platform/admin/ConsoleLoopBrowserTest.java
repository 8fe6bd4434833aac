package io.fleetloop.platform.admin;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Browser;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.PutObjectArgs;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator console's loop sections in headless Chromium against the shared running platform (one platform, one
 * browser): a rollout's saga found by its release task id with its deadline and the link to the task's event history,
 * then resumed and rolled back from the page (confirmations, the reason shown, the saga listed as ended); a log batch
 * whose metadata carries markup (shown as text) with its report, SVG charts and a diagnosis citing the knowledge base;
 * the cost and KPI charts and the lineage graph of a model version (laid out by the bundled dagre, zoomable); a workflow
 * run started from the page and followed live over its server-sent events. Ordered only so that the cost chart of the
 * closed-loop test has the log batch's metered work to show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleLoopBrowserTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String XSS = "<img src=x onerror=\"window.__xss=1\">";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "console-loop-" + run;
    private RunningPlatform platform;
    private ConsolePage page;
    private Api admin;
    private WebDriver browser;
    private String rolledBackVersion;
    private String rolledBackTask;
    private HttpServer slow;

    @BeforeAll
    void start() {
        browser = Browser.shared(); // first: no browser, no test (fails, never skips)
        platform = RunningPlatform.shared();
        page = new ConsolePage(browser, platform.baseUrl(), AT_MOST);
        admin = platform.api(tenant, Role.PLATFORM_ADMIN);
    }

    @Test
    @Order(1)
    void aRolloutSagaIsFoundByItsTaskWithDeadlineAndHistoryThenResumedAndRolledBackFromThePage() throws Exception {
        List<String> devices = List.of("car-" + run + "-0", "car-" + run + "-1");
        String version = "loop-" + run;
        String taskId = release(version, devices);
        assertThat(admin.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", devices)).status()).isEqualTo(202);
        await().atMost(AT_MOST).until(() -> admin.get("/v1/admin/sagas?association=taskId:" + taskId).json("/total").asInt() == 1);

        login(admin.token());
        page.section("sagas");
        browser.findElement(By.id("saga-association")).sendKeys("taskId:" + taskId);
        browser.findElement(By.cssSelector("#saga-search button[type='submit']")).click();
        String sagaId = retry(() -> browser.findElement(By.cssSelector("#saga-table tbody tr[data-saga]")).getAttribute("data-saga"));
        await().atMost(AT_MOST).until(() -> browser.findElements(By.cssSelector("#saga-table tbody tr")).size() == 1);
        String sagaRow = retry(() -> browser.findElement(By.cssSelector("#saga-table tbody tr")).getAttribute("textContent")); // the state may scroll
        assertThat(sagaRow).contains("GrayRolloutProcess").contains("taskId = " + taskId).contains(tenant).contains("ota-batch-timeout");
        await().atMost(AT_MOST).until(() -> page.text("#deadline-table tbody"), t -> t.contains("ota-batch-timeout") && t.contains(sagaId));

        // the association links to the release task's event history (audit time travel)
        retry(() -> {
            for (WebElement link : browser.findElements(By.cssSelector("#saga-table a.history"))) {
                if (link.getText().equals("taskId = " + taskId)) {
                    link.click();
                    return true;
                }
            }
            return null;
        });
        await().atMost(AT_MOST).until(() -> browser.findElement(By.id("history-table")).isDisplayed());
        assertThat(page.text("#history-title")).isEqualTo("Event history of " + taskId);
        await().atMost(AT_MOST).until(() -> page.text("#history-table tbody"), t -> t.contains("ReleaseTaskCreated") && t.contains(version));

        // paused by the API, resumed and rolled back from the page, each after a confirmation
        assertThat(admin.post("/v1/release-tasks/" + taskId + "/pause", Map.of("reason", "paused for the console")).status()).isEqualTo(202);
        await().atMost(AT_MOST).until(() -> "PAUSED".equals(admin.get("/v1/release-tasks/" + taskId).json("/status").asText()));
        page.section("rollouts");
        retry(() -> {
            browser.findElement(By.cssSelector("tr[data-release='" + taskId + "'] button.open")).click();
            return true;
        });
        await().atMost(AT_MOST).until(() -> page.text("#rollout-status"), "PAUSED"::equals);
        browser.findElement(By.id("rollout-resume")).click();
        page.confirm("Resume release " + taskId);
        await().atMost(AT_MOST).until(() -> page.text("#rollout-status"), "RUNNING"::equals);
        await().atMost(AT_MOST).until(this::message, m -> m.startsWith("resume")); // set once the action's refresh is done
        assertThat(message()).isEqualTo("resume: done");
        assertThat(admin.get("/v1/release-tasks/" + taskId).json("/status").asText()).isEqualTo("RUNNING");

        String reason = "rolled back by the console " + XSS;
        browser.findElement(By.id("rollout-action-reason")).clear();
        browser.findElement(By.id("rollout-action-reason")).sendKeys(reason);
        browser.findElement(By.id("rollout-rollback")).click();
        assertThat(page.text("#confirm-text")).contains("Roll back release " + taskId);
        browser.findElement(By.id("confirm-cancel")).click(); // cancelled: nothing happens
        assertThat(admin.get("/v1/release-tasks/" + taskId).json("/status").asText()).isEqualTo("RUNNING");
        browser.findElement(By.id("rollout-rollback")).click();
        page.confirm("Roll back release " + taskId);
        await().atMost(AT_MOST).until(this::message, m -> m.startsWith("rollback"));
        assertThat(message()).isEqualTo("rollback: done");
        await().atMost(AT_MOST).until(() -> page.text("#rollout-status"), "ROLLED_BACK"::equals);
        assertThat(page.text("#rollout-reason")).contains(reason);
        await().atMost(AT_MOST).until(() -> page.text("tr[data-release='" + taskId + "']"), t -> t.contains("ROLLED_BACK") && t.contains(reason));
        assertThat(browser.findElements(By.cssSelector("#rollouts img"))).as("markup in the reason is never parsed").isEmpty();

        // the saga ended: listed as recently ended, no longer in flight
        page.section("sagas");
        await().atMost(AT_MOST).until(() -> page.text("#ended-table tbody"), t -> t.contains(sagaId) && t.contains("GrayRolloutProcess"));
        await().atMost(AT_MOST).until(() -> browser.findElements(By.cssSelector("#saga-table tbody tr[data-saga='" + sagaId + "']")).isEmpty());
        assertThat(noScriptRan()).isTrue();
        rolledBackVersion = version;
        rolledBackTask = taskId;
    }

    @Test
    @Order(2)
    void aLogBatchReportWithItsChartsAndCitedDiagnosisAndMetadataWithMarkupShownAsText() throws Exception {
        String entryId = knowledgeEntry();
        Api.Response created = admin.post("/api/v1/batches", Map.of("vehicleId", "car-" + run, "vehiclePlatform", "J7", "firmwareVersion", "2.1.0",
                "testDrive", Map.of("route", XSS, "driver", "<b>d-17</b>")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String batchId = created.json("/batchId").asText();

        login(admin.token());
        page.section("log-batches");
        retry(() -> {
            browser.findElement(By.cssSelector("#log-batch-table tr[data-batch-id='" + batchId + "'] button.open")).click();
            return true;
        });
        await().atMost(AT_MOST).until(() -> page.text("#log-batch-status"), "pending"::equals);
        assertThat(page.text("#log-batch-meta tr[data-key='testDrive.route'] .meta-value")).isEqualTo(XSS);
        assertThat(page.text("#log-batch-meta tr[data-key='testDrive.driver'] .meta-value")).isEqualTo("<b>d-17</b>");
        assertThat(browser.findElements(By.cssSelector("#log-batch-meta img, #log-batch-meta b, #log-batch-table img"))).as("never parsed").isEmpty();

        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 6; i++) log.append("2026-06-01T08:00:0").append(i).append("Z [LIDAR] ERROR E1001 lidar timeout port=").append(i).append('\n');
        log.append("2026-06-01T08:05:10Z [BMS] FATAL E2002 cell overvoltage cell=3\n");
        log.append("2026-06-01T08:05:30Z [BMS] FATAL E2002 cell overvoltage cell=4\n");
        log.append("2026-06-01T08:06:00Z [CAM] WARN W300 exposure high\n");
        assertThat(upload(batchId, "drive-log", "drive.log", log.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(201);
        assertThat(admin.post("/api/v1/batches/" + batchId + "/complete", Map.of()).status()).isEqualTo(200);

        // the page follows the batch live to completed, then shows its report
        await().atMost(Duration.ofSeconds(120)).until(() -> page.text("#log-batch-status"), "completed"::equals);
        await().atMost(AT_MOST).until(() -> page.text("#log-report-totals tr[data-key='totalErrors']"), t -> t.endsWith("8"));
        assertThat(page.text("#log-report-codes tr[data-code='E1001']")).contains("LIDAR").contains("6");
        assertThat(page.text("#log-batch-files tr[data-file='drive-log']")).contains("drive.log").contains("parsed");
        for (String chart : List.of("timeline", "topCodes", "modules")) assertImageShown("log-chart-" + chart);
        await().atMost(AT_MOST).until(() -> page.text("#diagnosis-citations tbody"), t -> t.contains(entryId));
        assertThat(page.text("#diagnosis-citations tr[data-entry='" + entryId + "']")).contains("E1001").contains("Lidar timeouts " + run);
        assertThat(page.text("#diagnosis-candidates tbody")).contains(entryId);
        assertThat(page.text("#diagnosis-by")).contains("confidence");
        // the metadata is still text after the live refreshes
        assertThat(page.text("#log-batch-meta tr[data-key='testDrive.route'] .meta-value")).isEqualTo(XSS);
        assertThat(browser.findElements(By.cssSelector("#log-batch-meta img, #log-batch-meta b"))).isEmpty();
        assertThat(noScriptRan()).isTrue();
    }

    @Test
    @Order(3)
    void theCostAndKpiChartsAndTheZoomableLineageGraphOfAModelVersionShowRealData() throws Exception {
        String version = rolledBackVersion;
        String taskId = rolledBackTask;
        if (version == null) { // run alone: a release of its own
            version = "loop-lineage-" + run;
            taskId = release(version, List.of("car-" + run + "-9"));
        }
        String finalTask = taskId;
        String finalVersion = version;
        await().atMost(AT_MOST).until(() -> admin.get("/v1/lineage/" + finalVersion + "?direction=both&depth=3").raw(), r -> r.contains(finalTask));

        login(admin.token());
        page.section("closed-loop");
        assertImageShown("cost-chart");
        assertImageShown("cost-time-chart");
        assertImageShown("kpi-chart");
        await().atMost(AT_MOST).until(() -> page.text("#roi-table tbody"), t -> t.contains("formula"));
        await().atMost(AT_MOST).until(() -> page.text("#kpi-table tbody"), t -> t.contains("loopCount"));
        // the log batch's parse and gather jobs were metered: the dashboard has a context with a cost
        if (admin.get("/v1/cost-dashboard").json("/contexts").size() > 0) {
            await().atMost(AT_MOST).until(() -> browser.findElements(By.cssSelector("#cost-table tbody tr[data-context]")).size() > 0);
        }

        browser.findElement(By.id("lineage-node")).sendKeys(version);
        browser.findElement(By.cssSelector("#lineage-form button[type='submit']")).click();
        await().atMost(AT_MOST).until(() -> browser.findElements(By.cssSelector("#lineage-graph g.lineage-node[data-node='" + finalTask + "']")).size() == 1);
        WebElement root = browser.findElement(By.cssSelector("#lineage-graph g.lineage-node[data-node='" + version + "']"));
        assertThat(root.getAttribute("data-type")).isEqualTo("MODEL_VERSION");
        assertThat(browser.findElement(By.cssSelector("#lineage-graph g.lineage-node[data-node='" + taskId + "']")).getAttribute("data-type"))
                .isEqualTo("RELEASE_TASK");
        Set<String> relations = new HashSet<>();
        browser.findElements(By.cssSelector("#lineage-graph path.lineage-edge")).forEach(e -> relations.add(e.getAttribute("data-relation")));
        assertThat(relations).contains("released-by");
        // laid out left to right: the release task is right of its model version
        assertThat(number("return document.querySelector(\"#lineage-graph g[data-node='" + taskId + "'] rect\").x.baseVal.value"))
                .isGreaterThan(number("return document.querySelector(\"#lineage-graph g[data-node='" + version + "'] rect\").x.baseVal.value"));

        // zoom: a wheel over the graph shrinks the viewBox
        double before = number("return document.getElementById('lineage-graph').viewBox.baseVal.width");
        WebElement graph = browser.findElement(By.id("lineage-graph"));
        new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(graph), 0, -300).perform();
        await().atMost(AT_MOST).until(() -> number("return document.getElementById('lineage-graph').viewBox.baseVal.width") < before);
    }

    @Test
    @Order(4)
    void aWorkflowRunStartedFromThePageIsFollowedLiveOverItsEventStream() throws Exception {
        // an HTTP operator whose service takes 4 s to answer: the node is RUNNING long enough to be seen live
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("name", "slow " + run);
        operator.put("kind", "HTTP");
        operator.put("spec", Map.of("url", slowService(), "method", "POST", "timeoutSeconds", 30));
        operator.put("inputs", List.of("x"));
        operator.put("outputs", List.of("y"));
        Api.Response registered = admin.post("/v1/operators", operator);
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        String operatorId = registered.json("/operatorId").asText();
        await().atMost(AT_MOST).until(() -> admin.get("/v1/operators/" + operatorId).status() == 200);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "console nap " + run);
        body.put("nodes", List.of(Map.of("nodeId", "start", "operatorId", "builtin:noop"),
                Map.of("nodeId", "nap", "operatorId", operatorId, "inputs", Map.of("x", "start.out"))));
        Api.Response created = admin.post("/v1/workflows", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String workflowId = created.json("/workflowId").asText();

        login(admin.token());
        page.section("workflows");
        retry(() -> {
            browser.findElement(By.cssSelector("#workflow-table tr[data-workflow='" + workflowId + "'] button.run")).click();
            return true;
        });
        page.confirm("Start a run of workflow console nap " + run);
        String runId = await().atMost(AT_MOST).until(() -> browser.findElement(By.id("workflow-run")).getAttribute("data-run"), Objects::nonNull);
        // live: the sleeping node is seen running, from the stream, before it succeeds
        await().atMost(AT_MOST).until(() -> page.text("#workflow-node-table tr[data-node='nap'] td.node-status"), "RUNNING"::equals);
        assertThat(page.text("#workflow-run-stream")).isEqualTo("(live)");
        assertThat(page.text("#workflow-run-status")).isEqualTo("RUNNING");
        assertThat(page.text("#workflow-node-table tr[data-node='start'] td.node-status")).isEqualTo("SUCCEEDED");
        await().atMost(AT_MOST).until(() -> page.text("#workflow-run-stream"), "(ended)"::equals);
        assertThat(page.text("#workflow-run-status")).isEqualTo("SUCCEEDED");
        assertThat(page.text("#workflow-node-table tr[data-node='nap'] td.node-status")).isEqualTo("SUCCEEDED");
        List<String> events = new ArrayList<>();
        browser.findElements(By.cssSelector("#workflow-event-table tbody tr")).forEach(r -> events.add(r.getText()));
        assertThat(events).as("events in order, as streamed").hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join("\n", events)).contains("nap");
        assertThat(admin.get("/v1/workflow-runs/" + runId).json("/status").asText()).isEqualTo("SUCCEEDED");
        await().atMost(AT_MOST).until(() -> page.text("#workflow-run-table tr[data-run='" + runId + "']"), t -> t.contains("SUCCEEDED"));
    }

    @Test
    @Order(5)
    void theConsoleLeavesNoCookieSoAForgedRequestCarriesNoCredentials() {
        login(admin.token());
        page.section("rollouts");
        page.section("log-batches");
        assertThat(browser.manage().getCookies()).as("no session, no cookie: nothing another site could ride on").isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return document.cookie")).isEqualTo("");
        // what a forged cross-site request would be: the browser's credentials without the Authorization header
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1]; "
                + "fetch('/v1/workflows', {method: 'POST', credentials: 'include', headers: {'Content-Type': 'application/json'}, "
                + "body: JSON.stringify({name: 'forged', nodes: []})}).then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(401L);
        Api.Response anonymous = platform.anonymous().post("/v1/workflows", Map.of("name", "forged", "nodes", List.of()));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    @Order(6)
    void aSimulationTaskIsShownWithItsProgressUntilCompleted() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("egoSpeed", Map.of("min", 30, "max", 40, "unit", "km/h"));
        params.put("actorSpeed", Map.of("min", 1.0, "max", 1.5, "unit", "m/s"));
        params.put("gap", Map.of("min", 20, "max", 30, "unit", "m"));
        params.put("actorCount", Map.of("min", 2, "max", 3, "unit", "count"));
        params.put("lidarNoise", Map.of("min", 1, "max", 2, "unit", "cm"));
        params.put("duration", Map.of("min", 2, "max", 2, "unit", "s"));
        params.put("sampleRate", Map.of("min", 10, "max", 10, "unit", "Hz"));
        Api.Response scenario = admin.post("/v1/simulation-scenarios", Map.of("name", "console " + run, "scenarioType", "PEDESTRIAN_CROSSING",
                "scenarioParams", params));
        assertThat(scenario.status()).as(scenario.raw()).isEqualTo(201);
        Api.Response started = admin.post("/v1/simulation-tasks", Map.of("scenarioId", scenario.json("/scenarioId").asText(), "batchSize", 2, "seed", 17));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String taskId = started.json("/taskId").asText();

        login(admin.token());
        page.section("simulation");
        await().atMost(Duration.ofSeconds(120)).until(() -> page.text("#simulation-table tr[data-task='" + taskId + "']"),
                t -> t.contains("COMPLETED") && t.contains("2 / 2") && t.contains("PEDESTRIAN_CROSSING"));
    }

    // ---------- page helpers ----------

    private String slowService() throws IOException {
        if (slow == null) {
            slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            slow.createContext("/nap", exchange -> {
                exchange.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(4000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] answer = "{\"y\": 1}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            slow.start();
        }
        return "http://127.0.0.1:" + slow.getAddress().getPort() + "/nap";
    }

    @AfterAll
    void stopSlowService() {
        if (slow != null) slow.stop(0);
    }

    private void login(String token) {
        page.login(token, tenant);
        browser = page.browser(); // a new one if the old one crashed
    }

    /** An SVG the API drew, fetched with the token and decoded by the browser (a blob: image with a size). */
    private void assertImageShown(String id) {
        await().atMost(AT_MOST).until(() -> number("const i = document.getElementById('" + id + "'); "
                + "return i.src.startsWith('blob:') && i.complete ? i.naturalWidth : 0") > 0);
    }

    private double number(String script) {
        Object value = ((JavascriptExecutor) browser).executeScript(script);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private boolean noScriptRan() {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"));
    }

    private String message() {
        return page.text("#message");
    }

    private static <T> T retry(Callable<T> find) {
        return await().atMost(AT_MOST).ignoreExceptions().until(find, Objects::nonNull);
    }

    // ---------- data through the public API ----------

    private String knowledgeEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("errorCode", "E1001");
        entry.put("title", "Lidar timeouts " + run);
        entry.put("symptoms", "lidar frames time out");
        entry.put("causes", "connector loose");
        entry.put("fixes", "reseat the lidar connector");
        entry.put("vehiclePlatforms", List.of("J7"));
        entry.put("firmwareRange", ">=2.0.0 <3.0.0");
        Api.Response created = admin.post("/api/v1/knowledge-base/entries", entry);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String entryId = created.json("/entryId").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> admin.get("/api/v1/knowledge-base/entries?includeRetired=true&size=500").raw().contains(entryId));
        return entryId;
    }

    private int upload(String batchId, String fileId, String fileName, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/batches/" + batchId + "/upload?fileId=" + fileId
                        + "&fileName=" + fileName))
                .header("Authorization", "Bearer " + admin.token()).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.statusCode();
    }

    private String release(String version, List<String> devices) throws Exception {
        String artifactUri = ConsoleFixtures.model(platform, tenant, version);
        String previousUri = ConsoleFixtures.model(platform, tenant, "before-" + version); // what a rollback sends devices back to
        ConsoleFixtures.fleet(admin, devices, "console-loop", "before-" + run);
        Api.Response created = admin.post("/v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", version,
                "artifactUri", artifactUri, "targetDeviceType", "vehicle", "previousVersionId", "before-" + run,
                "previousArtifactUri", previousUri,
                "grayPolicy", Map.of("batchPercentages", List.of(50, 50), "interval", "PT1H", "successThreshold", 0.5, "errorThreshold", 0.9,
                        "deviceFilter", Map.of("fleet", "console-loop"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        await().atMost(AT_MOST).until(() -> admin.get("/v1/release-tasks/" + taskId).status() == 200);
        return taskId;
    }
}
