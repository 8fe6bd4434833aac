package io.fleetloop.edge.ota;

import io.fleetloop.ddi.json.model.DdiConfigData;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.json.model.DdiDeploymentBase;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiProgress;
import io.fleetloop.ddi.json.model.DdiUpdateMode;
import io.fleetloop.ddi.json.model.DdiResult.FinalResult;
import io.fleetloop.ddi.json.model.DdiStatus.ExecutionStatus;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.edge.ota.FakeDdiServer.Release;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdiClientTest {

    private static final byte[] ARTIFACT = FakeDdiServer.artifact(200_000, 9);

    @TempDir
    Path dir;

    private FakeDdiServer server;
    private DdiClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeDdiServer();
        client = new DdiClient(DdiClient.newHttpClient(), URI.create(server.url() + "/"), FakeDdiServer.TENANT,
                DdiAuth.gatewayToken(FakeDdiServer.GATEWAY_TOKEN), Clock.fixed(Instant.parse("2026-11-30T22:05:09Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void feedbackHasHawkBitsShape() throws Exception {
        client.feedback("veh-1", "17", ExecutionStatus.PROCEEDING, FinalResult.NONE, List.of("downloading"), new DdiProgress(1, 4));

        JsonNode body = DdiJson.MAPPER.readTree(server.feedback().get(0).raw());
        assertThat(body.path("id").asText()).isEqualTo("17");
        assertThat(body.path("time").asText()).isEqualTo("20261130T220509");
        assertThat(body.at("/status/execution").asText()).isEqualTo("proceeding");
        assertThat(body.at("/status/result/finished").asText()).isEqualTo("none");
        assertThat(body.at("/status/result/progress/cnt").asInt()).isEqualTo(1);
        assertThat(body.at("/status/result/progress/of").asInt()).isEqualTo(4);
        assertThat(body.at("/status/details/0").asText()).isEqualTo("downloading");
        assertThat(server.feedback().get(0).resource()).isEqualTo("deploymentBase");
    }

    @Test
    void thePollIsReadTolerantlyAndItsLinksAreTheServersAbsoluteUrls() throws Exception {
        String actionId = server.offer("veh-1", new Release("v2", 1, ARTIFACT));

        DdiControllerBase base = client.poll("veh-1");

        assertThat(base.sleep()).contains(java.time.Duration.ofSeconds(1));
        assertThat(base.href("deploymentBase")).contains(server.url() + "/acme/controller/v1/veh-1/deploymentBase/" + actionId + "?c=-2129030598");
        assertThat(base.href("configData")).contains(server.url() + "/acme/controller/v1/veh-1/configData");
        assertThat(base.href("cancelAction")).isEmpty();
        DdiDeploymentBase deployment = client.deploymentBase(base.href("deploymentBase").orElseThrow());
        assertThat(deployment.id()).isEqualTo(actionId);
        assertThat(deployment.chunks()).singleElement().satisfies(chunk -> {
            assertThat(chunk.metadata(ManifestVerifier.MANIFEST_KEY)).isPresent();
            assertThat(chunk.artifactList().get(0).downloadHref("http")).hasValueSatisfying(h -> assertThat(h).startsWith("http://"));
            assertThat(chunk.artifactList().get(0).downloadHref("https")).hasValueSatisfying(h -> assertThat(h).startsWith("https://"));
        });
    }

    @Test
    void aDigestDownloadResumesAfterADropWithoutKeepingTheBytes() throws Exception {
        String href = artifactHref();
        server.dropNextDownloadHalfway.set(true);

        try (DownloadSink sink = DownloadSink.toDigest()) {
            assertThat(client.download(href, sink, ARTIFACT.length)).isEqualTo(ARTIFACT.length);
            assertThat(sink.sha256Hex()).isEqualTo(FakeDdiServer.sha256(ARTIFACT));
            assertThat(sink.file()).isEmpty();
        }
        assertThat(server.downloads()).hasSize(2);
        assertThat(server.downloads().get(1).range()).startsWith("bytes=");
    }

    @Test
    void aServerThatIgnoresTheRangeSendsTheWholeFileAndTheDownloadStartsOver() throws Exception {
        String href = artifactHref();
        server.ignoreRange = true;
        Path file = dir.resolve("model.bin");
        Files.write(file, Arrays.copyOf(ARTIFACT, 1000));

        try (DownloadSink sink = DownloadSink.toFile(file)) {
            client.download(href, sink, ARTIFACT.length);
        }
        assertThat(server.downloads()).extracting(FakeDdiServer.Download::range).containsExactly("bytes=1000-");
        assertThat(Files.readAllBytes(file)).isEqualTo(ARTIFACT);
    }

    @Test
    void aPartialFileLongerThanTheArtifactIsDownloadedAgain() throws Exception {
        String href = artifactHref();
        Path file = dir.resolve("model.bin");
        Files.write(file, FakeDdiServer.artifact(ARTIFACT.length + 10, 1));

        try (DownloadSink sink = DownloadSink.toFile(file)) {
            client.download(href, sink, ARTIFACT.length);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(ARTIFACT);
    }

    @Test
    void aMissingArtifactIsAnErrorAndNotRetried() {
        String href = server.url() + "/acme/controller/v1/veh-1/softwaremodules/1/artifacts/other.bin";

        assertThatThrownBy(() -> client.download(href, DownloadSink.toDigest(), 10))
                .isInstanceOf(DdiException.class).hasMessageContaining("404 Not Found");
        assertThat(server.downloads()).isEmpty();
    }

    @Test
    void configDataIsAMergeOfTheAttributes() throws Exception {
        client.configData(server.url() + "/acme/controller/v1/veh-1/configData", Map.of("deviceType", "ROBOT"));

        assertThat(server.configData()).containsExactly(new DdiConfigData(Map.of("deviceType", "ROBOT"), DdiUpdateMode.MERGE));
        assertThat(client.reportsSent()).isEqualTo(1);
    }

    private String artifactHref() throws Exception {
        server.offer("veh-1", new Release("v2", 1, ARTIFACT));
        DdiDeploymentBase deployment = client.deploymentBase(client.poll("veh-1").href("deploymentBase").orElseThrow());
        return deployment.chunks().get(0).artifactList().get(0).downloadHref("http").orElseThrow();
    }
}
