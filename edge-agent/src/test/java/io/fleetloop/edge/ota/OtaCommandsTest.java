package io.fleetloop.edge.ota;

import io.fleetloop.edge.EdgeAgent;
import io.fleetloop.edge.ota.FakeDdiServer.Release;
import io.fleetloop.edge.ota.FakeDdiServer.Tamper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ota} and {@code fleet} commands as a user runs them. */
class OtaCommandsTest {

    private static final byte[] V2 = FakeDdiServer.artifact(50_000, 2);

    @TempDir
    Path dir;

    private FakeDdiServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeDdiServer();
        server.register("veh-0001", "device-secret");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void otaOnceInstallsTheOfferedUpdateAndExitsZero() throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, server.publicKeyPem());
        server.offer("veh-0001", new Release("v2", 1000, V2));

        int code = run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001",
                "--target-token", "device-secret", "--public-key", key.toString(), "--slots", dir.resolve("slots").toString(), "--once");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("fleetloop-edge-agent " + EdgeAgent.version() + ": veh-0001 polling")
                .contains("(slot a, nothing installed yet)").doesNotContain("null");
        assertThat(out.toString()).contains("veh-0001 DOWNLOADING v2", "veh-0001 INSTALLED installed v2 into slot b");
        assertThat(Files.readString(dir.resolve("slots/state.json"))).contains("\"versionId\" : \"v2\"");
    }

    @Test
    void theShippedExampleHealthCheckPassesAnInstalledUpdate() throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, server.publicKeyPem());
        server.offer("veh-0001", new Release("v2", 1000, V2));

        int code = run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001", "--target-token",
                "device-secret", "--public-key", key.toString(), "--slots", dir.resolve("slots").toString(),
                "--health-check", Path.of("examples/check.sh").toAbsolutePath().toString(), "--once");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("veh-0001 INSTALLED installed v2 into slot b and switched (health check", "exited 0: slot b runs v2");
    }

    @Test
    void otaOnceExitsOneWhenTheUpdateIsRefused() throws Exception {
        server.offer("veh-0001", new Release("v2", 1000, V2).tampered(Tamper.UNSIGNED));

        int code = run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001",
                "--target-token", "device-secret", "--slots", dir.resolve("slots").toString(), "--once");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("veh-0001 REFUSED refused: unsigned");
    }

    @Test
    void withoutAPublicKeyTheServersKeyIsTrustedOnFirstUseWithAWarningAndPinned() throws Exception {
        int code = run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001",
                "--target-token", "device-secret", "--slots", dir.resolve("slots").toString(), "--once");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("WARNING: no --public-key given; trusting the key served by " + server.url()
                + "/.well-known/ota-signing-key.pem on first use");
        assertThat(Files.readString(dir.resolve("slots/trusted-signing-key.pem"))).isEqualTo(server.publicKeyPem());

        err.reset();
        run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001",
                "--target-token", "device-secret", "--slots", dir.resolve("slots").toString(), "--once");
        assertThat(err.toString()).doesNotContain("WARNING");
    }

    @Test
    void aRefusedTokenExitsThreeWithAClearMessage() {
        int code = run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001",
                "--target-token", "stolen", "--public-key-url", server.url() + "/.well-known/ota-signing-key.pem",
                "--slots", dir.resolve("slots").toString());

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("error: 401 Unauthorized: the server refused the TargetToken");
    }

    @Test
    void bothOrNoTokensAreAUsageError() {
        assertThat(run("ota", "--server", server.url(), "--tenant", "acme", "--controller-id", "veh-0001",
                "--slots", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give exactly one of --target-token and --gateway-token");
        assertThat(run("fleet", "--server", server.url(), "--tenant", "acme", "--gateway-token", "x", "--devices", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("devices must be at least 1");
    }

    @Test
    void fleetRunsUntilEveryDeviceReportedAndPrintsProgressAndASummary() throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, server.publicKeyPem());
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            ids.add(String.format("car-%03d", i));
        }
        var actions = server.offerToAll(ids, new Release("v2", 1000, V2));
        FleetOptions rule = FleetOptions.of(java.net.URI.create(server.url()), "acme", "x", 30).withFailureRate(0.2).withSeed(7);
        long failures = ids.stream().filter(id -> rule.failsHealthCheck(id, actions.get(id))).count();

        int code = run("fleet", "--server", server.url(), "--tenant", "acme", "--gateway-token", FakeDdiServer.GATEWAY_TOKEN,
                "--public-key", key.toString(), "--devices", "30", "--id-prefix", "car-", "--id-width", "3",
                "--failure-rate", "0.2", "--seed", "7", "--poll-interval", "PT0.1S", "--threads", "4",
                "--duration", "PT2M", "--exit-when-done");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("\r[").contains((30 - failures) + "/30 installed · " + failures + " failed");
        assertThat(out.toString()).startsWith("fleet of 30 devices after ")
                .contains((30 - failures) + " installed, " + failures + " failed, 0 refused")
                .contains("version v2: " + (30 - failures));
        assertThat(server.closedCount()).isEqualTo(30);
    }

    private int run(String... args) {
        return EdgeAgent.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }
}
