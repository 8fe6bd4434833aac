package io.fleetloop.edge.ota;

import io.fleetloop.edge.ota.FakeDdiServer.Release;
import io.fleetloop.edge.ota.FakeDdiServer.Tamper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FleetTest {

    private static final byte[] V2 = FakeDdiServer.artifact(20_000, 2);

    private FakeDdiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeDdiServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void twoHundredDevicesReportEveryActionWithExactlyTheFailuresTheirSeedDecides() throws Exception {
        FleetOptions options = options(200).withFailureRate(0.1).withSeed(42);
        List<String> ids = ids(options);
        Map<String, String> actions = server.offerToAll(ids, new Release("v2", 1000, V2));
        List<String> expectedFailures = ids.stream().filter(id -> options.failsHealthCheck(id, actions.get(id))).toList();

        try (Fleet fleet = Fleet.start(options)) {
            Await.until(() -> server.closedCount() == 200 && fleet.stats().installed() + fleet.stats().failed() == 200,
                    Duration.ofSeconds(90), () -> server.closedCount() + " closed, " + fleet.stats());

            FleetStats stats = fleet.stats();
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("fleet-")))
                    .as("one scheduler and the worker pool, not a thread per device").hasSizeLessThanOrEqualTo(1 + 8);
            assertThat(stats.devices()).isEqualTo(200);
            assertThat(stats.count(DeviceState.FAILED)).isEqualTo(expectedFailures.size());
            assertThat(stats.installed()).isEqualTo(200 - expectedFailures.size());
            assertThat(stats.refusals()).isEmpty();
            assertThat(stats.installedVersions()).hasSize(200 - expectedFailures.size()).containsOnlyKeys(
                    ids.stream().filter(id -> !expectedFailures.contains(id)).toList());
            assertThat(stats.installedVersions().values()).containsOnly("v2");
            assertThat(stats.bytesDownloaded()).isEqualTo(200L * V2.length);
            assertThat(stats.installCounts()).hasSize(200);
            assertThat(stats.installCounts().values()).as("every device installs its one action once").containsOnly(1);
            assertThat(stats.reportsSent()).isGreaterThanOrEqualTo(200 * 5);   // 4 feedbacks + configData each
        }
        for (String id : ids) {
            String expected = expectedFailures.contains(id) ? "failure" : "success";
            assertThat(server.closed(id, actions.get(id)).orElseThrow().finished()).as(id).isEqualTo(expected);
        }
        assertThat(expectedFailures).hasSizeBetween(8, 35);   // the rule is a 10 % rate, not a constant
        assertThat(server.downloads()).hasSize(200);
        assertThat(server.downloads().stream().map(FakeDdiServer.Download::controllerId).distinct()).hasSize(200);
        assertThat(server.configData()).hasSize(200);
    }

    @Test
    void refusedUpdatesAreCountedWithTheirReasons() throws Exception {
        FleetOptions options = options(5).withFailureRate(0);
        List<String> ids = ids(options);
        server.offer(ids.get(0), new Release("v2", 1000, V2).tampered(Tamper.ARTIFACT_BYTES));
        server.offer(ids.get(1), new Release("v2", 1000, V2).tampered(Tamper.UNSIGNED));
        server.offer(ids.get(2), new Release("v2", 1000, V2).tampered(Tamper.BAD_SIGNATURE));
        server.offer(ids.get(3), new Release("v2", "ROBOT", 1000, V2, Tamper.NONE));
        server.offer(ids.get(4), new Release("v2", 1000, V2));

        try (Fleet fleet = Fleet.start(options)) {
            Await.until(() -> server.closedCount() == 5 && fleet.stats().installed() + fleet.stats().failed() == 5,
                    Duration.ofSeconds(60), () -> fleet.stats().toString());

            FleetStats stats = fleet.stats();
            assertThat(stats.count(DeviceState.REFUSED)).isEqualTo(4);
            assertThat(stats.installedVersions()).containsOnlyKeys(ids.get(4));
            assertThat(stats.refusals().get(ids.get(0))).startsWith("refused: tampered artifact");
            assertThat(stats.refusals().get(ids.get(1))).startsWith("refused: unsigned");
            assertThat(stats.refusals().get(ids.get(2))).startsWith("refused: bad signature");
            assertThat(stats.refusals().get(ids.get(3))).startsWith("refused: wrong device");
        }
    }

    @Test
    void aWrongGatewayTokenShowsAsErrorsNotAsResults() throws Exception {
        FleetOptions good = options(3);
        FleetOptions options = new FleetOptions(good.server(), good.tenant(), "wrong", good.publicKeyPem(), null,
                3, "dev-", 5, "VEHICLE", 0, Duration.ofMillis(100), 2, 42);

        try (Fleet fleet = Fleet.start(options)) {
            Await.until(() -> fleet.stats().errors().size() == 3, Duration.ofSeconds(30), () -> fleet.stats().toString());
            assertThat(fleet.stats().errors().values()).allSatisfy(e -> assertThat(e).contains("401 Unauthorized"));
            assertThat(fleet.stats().count(DeviceState.IDLE)).isEqualTo(3);
        }
    }

    @Test
    void fetchesTheSigningKeyFromTheServerWhenNoneIsGiven() throws Exception {
        FleetOptions options = options(2).withPublicKeyPem(null).withFailureRate(0);
        server.offerToAll(ids(options), new Release("v2", 1000, V2));

        try (Fleet fleet = Fleet.start(options)) {
            Await.until(() -> fleet.stats().installed() == 2, Duration.ofSeconds(30), () -> fleet.stats().toString());

            // the manifests verified against the fetched key: both devices run v2 and none refused the update
            assertThat(fleet.stats().installedVersions()).containsOnlyKeys(ids(options)).containsValues("v2");
            assertThat(fleet.stats().refusals()).isEmpty();
        }
    }

    @Test
    void deviceIdsArePrefixPlusZeroPaddedIndexFromOne() {
        FleetOptions options = options(3);
        assertThat(ids(options)).containsExactly("dev-00001", "dev-00002", "dev-00003");
        assertThat(options.withIds("rob-", 3).controllerId(1234)).isEqualTo("rob-1234");
        assertThat(options.withIds("x", 0).controllerId(7)).isEqualTo("x7");
    }

    @Test
    void theHealthCheckRuleDependsOnSeedDeviceAndAction() {
        FleetOptions options = options(1).withFailureRate(0.5);
        List<Boolean> bySeed42 = IntStream.range(0, 64).mapToObj(i -> options.failsHealthCheck("dev-00001", "" + i)).toList();
        assertThat(IntStream.range(0, 64).mapToObj(i -> options.failsHealthCheck("dev-00001", "" + i)).toList()).isEqualTo(bySeed42);
        assertThat(IntStream.range(0, 64).mapToObj(i -> options.withSeed(7).failsHealthCheck("dev-00001", "" + i)).toList()).isNotEqualTo(bySeed42);
        assertThat(bySeed42).contains(true, false);
        assertThat(options.withFailureRate(0).failsHealthCheck("dev-00001", "1")).isFalse();
        assertThat(options.withFailureRate(1).failsHealthCheck("dev-00001", "1")).isTrue();
    }

    @Test
    void theProgressBarShowsInstalledFailedAndInFlightDevices() {
        FleetStats stats = new FleetStats(1000, Map.of(DeviceState.INSTALLED, 523, DeviceState.FAILED, 10, DeviceState.REFUSED, 2,
                DeviceState.DOWNLOADING, 40), Map.of(), 0, 0, Map.of(), Map.of());

        assertThat(ProgressBar.line(stats, 2100, 20))
                .isEqualTo("[##########..........] 523/1000 installed · 12 failed · 40 downloading · 2.1k reports/s");
        FleetStats done = new FleetStats(4, Map.of(DeviceState.INSTALLED, 3, DeviceState.FAILED, 1), Map.of(), 0, 0, Map.of(),
                Map.of("dev-00004", "401"));
        assertThat(ProgressBar.line(done, 7.25, 8)).isEqualTo("[######!!] 3/4 installed · 1 failed · 0 downloading · 7.3 reports/s · 1 erroring");
    }

    private FleetOptions options(int devices) {
        return FleetOptions.of(URI.create(server.url()), FakeDdiServer.TENANT, FakeDdiServer.GATEWAY_TOKEN, devices)
                .withPublicKeyPem(server.publicKeyPem()).withPollInterval(Duration.ofMillis(100)).withThreads(8);
    }

    private static List<String> ids(FleetOptions options) {
        return IntStream.rangeClosed(1, options.devices()).mapToObj(options::controllerId).collect(Collectors.toList());
    }
}
