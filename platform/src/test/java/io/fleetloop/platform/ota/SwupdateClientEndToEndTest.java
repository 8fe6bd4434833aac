package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.ModelReadyWebhook;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.Swupdate;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proof that the DDI API is hawkBit's and not only our edge agent's: Debian's unmodified {@code swupdate} in
 * suricatta mode polls the platform, downloads a signed .swu, verifies and installs it, and reports success, which
 * completes the release and moves the registry's installed version. Needs the OS packages {@code ./test.sh} installs.
 */
class SwupdateClientEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = TestServers.OTA_TENANT;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR);

    @Test
    void swupdateInstallsASignedImageAndReportsSuccess() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Swupdate device = Swupdate.in(Path.of("target", "swupdate-" + run).toAbsolutePath());
        String controllerId = "swu-" + run;
        String token = "swu-token-" + run + "-0123456789";
        String version = "swu-v2-" + run;
        byte[] payload = SourceBucket.randomBytes(200_000, 42);
        Path installed = device.dir().resolve("rootfs/opt/model.bin");
        Files.createDirectories(installed.getParent());
        byte[] image = device.image("model-" + run, version, payload, installed);

        // The training platform announces the image; the operator registers the device and starts the release for it.
        String bucket = platform.property("fleetloop.objectstore.bucket");
        String artifactUri = SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/swupdate/" + run + "/model-" + run + ".swu", image);
        HttpResponse<String> announced = ModelReadyWebhook.sendSigned(platform, JSON.writeValueAsString(Map.of("versionId", version,
                "artifactUri", artifactUri, "artifactType", "FOTA", "targetDeviceType", "vehicle",
                "grayPolicy", Map.of("batchPercentages", List.of(100), "interval", "PT0S"))));
        assertThat(announced.statusCode()).as(announced.body()).isEqualTo(201);
        String taskId = JSON.readTree(announced.body()).path("taskId").asText();
        Api.Response registered = operator.post("/v1/devices", Map.of("deviceId", controllerId, "deviceType", "VEHICLE",
                "installedVersion", "swu-v1-" + run, "securityToken", token, "attributes", Map.of("board", Swupdate.BOARD)));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/v1/release-tasks/" + taskId).status() == 200);
        Api.Response started = operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", List.of(controllerId)));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);

        try {
            // The daemon sends its configData, polls, downloads, verifies the signature and hashes, installs, and
            // reports "proceeding": for hawkBit clients an installed image is a success only once the device runs it.
            device.suricatta(platform.baseUrl(), TENANT, controllerId, token, null, "suricatta");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(device.logged("Update successful, executing post-update actions")).as(diagnosis(device, controllerId)).isTrue());
            assertThat(installedBytes(installed)).as("the installed file").isEqualTo(payload);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode installing = action(controllerId);
                assertThat(installing.path("status").asText()).as(diagnosis(device, controllerId)).isEqualTo("RUNNING");
                assertThat(installing.path("lastExecution").asText()).isEqualTo("proceeding");
                assertThat(Long.parseLong(installing.path("actionId").asText())).as("fits the client's C int").isLessThanOrEqualTo(Integer.MAX_VALUE);
                JsonNode reported = operator.get("/v1/devices/" + controllerId).body();
                assertThat(reported.at("/attributes/hwRevision").asText()).as("its configData").isEqualTo(Swupdate.REVISION);
                assertThat(reported.path("installedVersion").asText()).as("not before it confirms").isEqualTo("swu-v1-" + run);
            });
            device.stopAll();

            // Restarted after the "reboot", it confirms the update (-c 2, as a boot script would): closed + success for
            // the action the platform still offers.
            device.suricatta(platform.baseUrl(), TENANT, controllerId, token, 2, "suricatta-confirm");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode action = action(controllerId);
                assertThat(action.path("status").asText()).as(diagnosis(device, controllerId)).isEqualTo("SUCCEEDED");
                assertThat(operator.get("/v1/devices/" + controllerId).json("/installedVersion").asText()).isEqualTo(version);
            });
        } finally {
            device.stopAll();
        }
        assertThat(action(controllerId).path("versionId").asText()).isEqualTo(version);
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()));
    }

    private JsonNode action(String controllerId) {
        return operator.get("/v1/devices/" + controllerId + "/actions").json("/items/0");
    }

    private static byte[] installedBytes(Path installed) throws Exception {
        return Files.exists(installed) ? Files.readAllBytes(installed) : new byte[0];
    }

    /** What to read when it does not complete: the platform's view of the action and the tail of the daemon's log. */
    private String diagnosis(Swupdate device, String controllerId) throws Exception {
        String log = String.join("\n", device.logTail(40));
        return "action " + action(controllerId) + "\nswupdate log (" + device.dir() + "):\n" + log;
    }
}
