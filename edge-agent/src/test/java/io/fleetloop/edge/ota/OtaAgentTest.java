package io.fleetloop.edge.ota;

import io.fleetloop.ddi.json.model.DdiProgress;
import io.fleetloop.ddi.json.model.DdiUpdateMode;
import io.fleetloop.edge.ota.FakeDdiServer.Release;
import io.fleetloop.edge.ota.FakeDdiServer.Tamper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtaAgentTest {

    private static final String DEVICE = "veh-0001";
    private static final String TOKEN = "device-secret";
    private static final byte[] V2 = FakeDdiServer.artifact(300_000, 2);
    private static final byte[] V3 = FakeDdiServer.artifact(123_457, 3);
    private static final byte[] OS = FakeDdiServer.artifact(70_001, 4);
    private static final byte[] APP = FakeDdiServer.artifact(20_003, 5);

    @TempDir
    Path slotsDir;

    private FakeDdiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeDdiServer();
        server.register(DEVICE, TOKEN);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void outsideTheMaintenanceWindowItDownloadsAndInstallsOnlyWhenTheServerNoLongerSaysSkip() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2));
        server.update = "skip";
        OtaAgent agent = agent(slots);

        agent.cycle();
        agent.cycle();

        assertThat(slots.state().versionId()).isNotEqualTo("v2");
        assertThat(server.closed(DEVICE, actionId)).isEmpty();
        assertThat(server.feedbackFor(DEVICE)).extracting(FakeDdiServer.Feedback::execution).contains("downloaded").doesNotContain("closed");
        int downloads = server.downloads().size();

        server.update = "forced";
        agent.cycle();

        assertThat(slots.state().versionId()).isEqualTo("v2");
        assertThat(server.closed(DEVICE, actionId)).get().extracting(FakeDdiServer.Feedback::finished).isEqualTo("success");
        assertThat(server.downloads()).as("the kept download is not fetched again").hasSize(downloads);
    }

    @Test
    void installsIntoTheInactiveSlotSwitchesAndReportsEachStep() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2));

        agent(slots).cycle();

        assertThat(slots.state().activeSlot()).isEqualTo("b");
        assertThat(slots.state().versionId()).isEqualTo("v2");
        assertThat(slots.state().releaseCounter()).isEqualTo(1000);
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/model.bin"))).isEqualTo(V2);
        assertThat(Files.readString(slotsDir.resolve("slots/b/version")).strip()).isEqualTo("v2");
        assertThat(Files.readString(slotsDir.resolve("state.json"))).contains("\"activeSlot\" : \"b\"", "\"releaseCounter\" : 1000");
        assertThat(slotsDir.resolve("downloads/" + actionId)).doesNotExist();

        List<FakeDdiServer.Feedback> reports = server.feedbackFor(DEVICE);
        assertThat(reports).extracting(FakeDdiServer.Feedback::execution)
                .containsExactly("proceeding", "downloaded", "proceeding", "closed");
        assertThat(reports).allSatisfy(f -> {
            assertThat(f.actionId()).isEqualTo(actionId);
            assertThat(f.body().id()).isEqualTo(actionId);
            assertThat(f.body().time()).matches("\\d{8}T\\d{6}");
        });
        FakeDdiServer.Feedback closed = reports.get(3);
        assertThat(closed.finished()).isEqualTo("success");
        assertThat(closed.body().status().result().progress()).isEqualTo(new DdiProgress(4, 4));
        assertThat(closed.details().get(0)).contains("installed v2 into slot b");
    }

    @Test
    void theNextUpdateGoesBackIntoSlotAAndKeepsThePreviousVersion() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        OtaAgent agent = agent(slots);
        server.offer(DEVICE, new Release("v2", 1000, V2));
        agent.cycle();
        server.offer(DEVICE, new Release("v3", 2000, V3));
        agent.cycle();

        SlotStore reopened = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        assertThat(reopened.state().activeSlot()).isEqualTo("a");
        assertThat(reopened.state().versionId()).isEqualTo("v3");
        assertThat(reopened.state().previousVersionId()).isEqualTo("v2");
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/a/model.bin"))).isEqualTo(V3);
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/model.bin"))).isEqualTo(V2);
    }

    @Test
    void resumesADownloadWhoseConnectionDroppedHalfway() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2));
        server.dropNextDownloadHalfway.set(true);

        agent(slots).cycle();

        assertThat(server.downloads()).hasSize(2);
        assertThat(server.downloads().get(0).range()).isNull();
        assertThat(server.downloads().get(1).range()).matches("bytes=[1-9]\\d*-");
        long resumedFrom = Long.parseLong(server.downloads().get(1).range().replaceAll("\\D", ""));
        assertThat(resumedFrom).isLessThan(V2.length);
        assertThat(slots.state().versionId()).isEqualTo("v2");
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/model.bin"))).isEqualTo(V2);
        assertThat(server.closed(DEVICE, actionId)).get().extracting(FakeDdiServer.Feedback::finished).isEqualTo("success");
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2));
        Path partial = slotsDir.resolve("downloads/" + actionId + "/model.bin");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(V2, 100_000));

        agent(slots).cycle();

        assertThat(server.downloads()).extracting(FakeDdiServer.Download::range).containsExactly("bytes=100000-");
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/model.bin"))).isEqualTo(V2);
        assertThat(server.closed(DEVICE, actionId)).get().extracting(FakeDdiServer.Feedback::finished).isEqualTo("success");
    }

    @Test
    void refusesATamperedArtifactAndReportsFailure() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2).tampered(Tamper.ARTIFACT_BYTES));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: tampered artifact: model.bin has sha256");
        assertThat(server.downloads()).hasSize(1);
        assertThat(slotsDir.resolve("downloads/" + actionId)).doesNotExist();
    }

    @Test
    void installsAllChunksOfAnActionTogether() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, threeChunks());

        agent(slots).cycle();

        assertThat(slots.state().versionId()).isEqualTo("v2");
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/model.bin"))).isEqualTo(V2);
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/rootfs.img"))).isEqualTo(OS);
        assertThat(Files.readAllBytes(slotsDir.resolve("slots/b/app.tar"))).isEqualTo(APP);
        assertThat(server.downloads()).hasSize(3);
        assertThat(server.closed(DEVICE, actionId)).get().extracting(FakeDdiServer.Feedback::finished).isEqualTo("success");
        assertThat(slotsDir.resolve("downloads/" + actionId)).doesNotExist();
    }

    @Test
    void refusesAnActionWithOneTamperedChunkAndSwitchesNoSlot() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, threeChunks().tampered(Tamper.LAST_CHUNK_BYTES));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: tampered artifact: app.tar has sha256");
        assertThat(slotsDir.resolve("downloads/" + actionId)).doesNotExist();
    }

    @Test
    void refusesAnActionMissingOneOfItsSignedChunksBeforeDownloading() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, threeChunks().tampered(Tamper.LAST_CHUNK_DROPPED));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: tampered artifact: chunk 'perception-model' is signed as chunk 0 of 3, the deployment has 2");
        assertThat(server.downloads()).isEmpty();
    }

    private static Release threeChunks() {
        return new Release("v2", 1000, V2).with(new FakeDdiServer.Extra("os", "rootfs", "rootfs.img", OS),
                new FakeDdiServer.Extra("app", "planner", "app.tar", APP));
    }

    @Test
    void refusesAnUnsignedUpdateWithoutDownloadingIt() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2).tampered(Tamper.UNSIGNED));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: unsigned");
        assertThat(server.downloads()).isEmpty();
    }

    @Test
    void refusesAManifestSignedWithAnotherKey() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2).tampered(Tamper.BAD_SIGNATURE));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: bad signature");
        assertThat(server.downloads()).isEmpty();
    }

    @Test
    void refusesAManifestForAnotherDevice() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2).tampered(Tamper.OTHER_CONTROLLER));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: wrong device: manifest is for controllerId 'veh-0001-other'");
    }

    @Test
    void refusesAManifestForAnotherDeviceType() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", "ROBOT", 1000, V2, Tamper.NONE));

        agent(slots).cycle();

        assertRefused(slots, actionId, "refused: wrong device: manifest is for deviceType ROBOT, this device is VEHICLE");
    }

    @Test
    void refusesADowngradeAndAReplayOfTheInstalledCounter() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        OtaAgent agent = agent(slots);
        server.offer(DEVICE, new Release("v3", 2000, V3));
        agent.cycle();

        String older = server.offer(DEVICE, new Release("v2", 1500, V2));
        agent.cycle();
        String same = server.offer(DEVICE, new Release("v2", 2000, V2));
        agent.cycle();

        assertThat(server.closed(DEVICE, older).orElseThrow().details().get(0))
                .startsWith("refused: downgrade: releaseCounter 1500 ≤ installed 2000");
        assertThat(server.closed(DEVICE, same).orElseThrow().details().get(0))
                .startsWith("refused: downgrade: releaseCounter 2000 ≤ installed 2000");
        assertThat(slots.state().versionId()).isEqualTo("v3");
        assertThat(server.downloads()).hasSize(1);
    }

    @Test
    void aFailingHealthCheckFallsBackToSlotAAndReportsFailure() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.command("echo \"$FLEETLOOP_SLOT $FLEETLOOP_VERSION crashes\"; exit 3", 30));
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2));

        agent(slots).cycle();

        FakeDdiServer.Feedback closed = server.closed(DEVICE, actionId).orElseThrow();
        assertThat(closed.finished()).isEqualTo("failure");
        assertThat(closed.details().get(0)).contains("exited 3: b v2 crashes", "fell back to slot a");
        SlotState state = new SlotStore(slotsDir, HealthCheck.alwaysHealthy()).state();
        assertThat(state.activeSlot()).isEqualTo("a");
        assertThat(state.versionId()).isNull();
        assertThat(state.releaseCounter()).isZero();
        assertThat(state.finishedActions()).containsEntry(actionId, "failure");
    }

    @Test
    void aPassingHealthCommandKeepsTheNewSlot() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.command("test -f \"$FLEETLOOP_SLOT_DIR/model.bin\"", 30));
        server.offer(DEVICE, new Release("v2", 1000, V2));

        agent(slots).cycle();

        assertThat(slots.state().activeSlot()).isEqualTo("b");
        assertThat(slots.state().versionId()).isEqualTo("v2");
    }

    @Test
    void confirmsACancelActionWithoutInstalling() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        server.offer(DEVICE, new Release("v2", 1000, V2));
        String canceled = server.cancel(DEVICE);

        agent(slots).cycle();

        assertThat(server.feedbackFor(DEVICE)).singleElement().satisfies(f -> {
            assertThat(f.resource()).isEqualTo("cancelAction");
            assertThat(f.actionId()).isEqualTo(canceled);
            assertThat(f.execution()).isEqualTo("closed");
            assertThat(f.finished()).isEqualTo("success");
        });
        assertThat(server.downloads()).isEmpty();
        assertThat(slots.state().versionId()).isNull();
        assertThat(slots.state().finishedActions()).containsEntry(canceled, "canceled");
    }

    @Test
    void sendsItsAttributesOnceEvenWhenTheServerKeepsAsking() throws Exception {
        server.keepOfferingConfigData = true;
        OtaAgent agent = agent(new SlotStore(slotsDir, HealthCheck.alwaysHealthy()));

        agent.cycle();
        agent.cycle();
        agent.cycle();

        assertThat(server.configData()).singleElement().satisfies(c -> {
            assertThat(c.mode()).isEqualTo(DdiUpdateMode.MERGE);
            assertThat(c.data()).containsEntry("deviceType", "VEHICLE");
        });
    }

    @Test
    void doesNotReinstallAnActionItAlreadyFinished() throws Exception {
        server.keepOfferingFinishedActions = true;
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        String actionId = server.offer(DEVICE, new Release("v2", 1000, V2));

        agent(slots).cycle();
        agent(new SlotStore(slotsDir, HealthCheck.alwaysHealthy())).cycle();   // as after a restart

        assertThat(server.downloads()).hasSize(1);
        assertThat(server.feedbackFor(DEVICE)).last().satisfies(f -> {
            assertThat(f.actionId()).isEqualTo(actionId);
            assertThat(f.execution()).isEqualTo("closed");
            assertThat(f.finished()).isEqualTo("success");
            assertThat(f.details().get(0)).contains("already finished");
        });
    }

    @Test
    void honoursTheServersPollingSleepUnlessOverridden() throws Exception {
        server.pollingSleep = "00:01:07";
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        assertThat(agent(slots).cycle()).isEqualTo(Duration.ofSeconds(67));
        OtaAgent overridden = new OtaAgent(client(DdiAuth.targetToken(TOKEN)), DEVICE, verifier(), slots, Map.of(),
                OtaListener.NONE, Duration.ofMillis(250));
        assertThat(overridden.cycle()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aWrongTokenIsAClear401() throws Exception {
        OtaAgent agent = new OtaAgent(client(DdiAuth.targetToken("not-the-token")), DEVICE, verifier(),
                new SlotStore(slotsDir, HealthCheck.alwaysHealthy()), Map.of(), OtaListener.NONE, null);

        assertThatThrownBy(agent::cycle).isInstanceOf(DdiException.class)
                .hasMessageContaining("401 Unauthorized: the server refused the TargetToken")
                .satisfies(e -> assertThat(((DdiException) e).status()).isEqualTo(401));
    }

    @Test
    void aGatewayTokenActsForTheDevice() throws Exception {
        SlotStore slots = new SlotStore(slotsDir, HealthCheck.alwaysHealthy());
        server.offer(DEVICE, new Release("v2", 1000, V2));
        new OtaAgent(client(DdiAuth.gatewayToken(FakeDdiServer.GATEWAY_TOKEN)), DEVICE, verifier(), slots, Map.of(),
                OtaListener.NONE, null).cycle();

        assertThat(slots.state().versionId()).isEqualTo("v2");
    }

    private void assertRefused(SlotStore slots, String actionId, String detailStart) {
        FakeDdiServer.Feedback closed = server.closed(DEVICE, actionId).orElseThrow();
        assertThat(closed.finished()).isEqualTo("failure");
        assertThat(closed.details().get(0)).startsWith(detailStart);
        assertThat(slots.state().activeSlot()).isEqualTo("a");
        assertThat(slots.state().versionId()).isNull();
        assertThat(slotsDir.resolve("slots/b")).isEmptyDirectory();
    }

    private OtaAgent agent(SlotStore slots) {
        return new OtaAgent(client(DdiAuth.targetToken(TOKEN)), DEVICE, verifier(), slots,
                Map.of("deviceType", "VEHICLE", "agent", "test"), OtaListener.NONE, null);
    }

    private DdiClient client(DdiAuth auth) {
        return new DdiClient(DdiClient.newHttpClient(), URI.create(server.url()), FakeDdiServer.TENANT, auth);
    }

    private ManifestVerifier verifier() {
        return new ManifestVerifier(PublicKeys.ed25519FromPem(server.publicKeyPem()), DEVICE, "VEHICLE");
    }
}
