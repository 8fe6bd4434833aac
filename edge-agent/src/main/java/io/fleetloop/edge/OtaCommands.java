package io.fleetloop.edge;

import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.edge.ota.DdiClient;
import io.fleetloop.edge.ota.DdiException;
import io.fleetloop.edge.ota.DeviceState;
import io.fleetloop.edge.ota.DownloadSink;
import io.fleetloop.edge.ota.ErrorText;
import io.fleetloop.edge.ota.Fleet;
import io.fleetloop.edge.ota.FleetOptions;
import io.fleetloop.edge.ota.FleetStats;
import io.fleetloop.edge.ota.HealthCheck;
import io.fleetloop.edge.ota.ManifestVerifier;
import io.fleetloop.edge.ota.OtaAgent;
import io.fleetloop.edge.ota.ProgressBar;
import io.fleetloop.edge.ota.PublicKeys;
import io.fleetloop.edge.ota.SlotStore;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/** The {@code ota} (one device with A/B slot folders) and {@code fleet} (N simulated devices) commands. */
final class OtaCommands {

    static final String PINNED_KEY_FILE = "trusted-signing-key.pem";
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(10);

    private OtaCommands() {
    }

    static int ota(String[] args, PrintStream out, PrintStream err) throws CliArgs.UsageException, InterruptedException {
        CliArgs cli = CliArgs.parse(args, 1, Set.of("--server", "--tenant", "--controller-id", "--target-token", "--gateway-token",
                "--public-key", "--public-key-url", "--slots", "--device-type", "--health-check", "--poll-interval"), Set.of("--once"));
        URI server = URI.create(cli.required("--server"));
        String tenant = cli.required("--tenant");
        String controllerId = cli.required("--controller-id");
        DdiAuth auth = auth(cli);
        Path slotsDir = Path.of(cli.required("--slots"));
        String deviceType = cli.get("--device-type", "VEHICLE");
        Duration pollOverride = cli.duration("--poll-interval", null);
        HealthCheck healthCheck = cli.get("--health-check").map(c -> HealthCheck.command(c, 300)).orElse(HealthCheck.alwaysHealthy());
        boolean once = cli.flag("--once");

        HttpClient http = DdiClient.newHttpClient();
        SlotStore slots;
        String pem;
        try {
            slots = new SlotStore(slotsDir, healthCheck);
            pem = publicKey(cli, http, server, slotsDir, err);
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + ErrorText.of(e));
            return 1;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("deviceType", deviceType);
        attributes.put("agent", "fleetloop-edge-agent");
        attributes.put("agentVersion", EdgeAgent.version());
        attributes.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        attributes.put("activeSlot", slots.state().activeSlot());
        if (slots.installedVersion() != null) {
            attributes.put("version", slots.installedVersion());
        }
        AtomicReference<DeviceState> last = new AtomicReference<>(DeviceState.IDLE);
        OtaAgent agent = new OtaAgent(new DdiClient(http, server, tenant, auth), controllerId,
                new ManifestVerifier(PublicKeys.ed25519FromPem(pem), controllerId, deviceType), slots, attributes,
                (id, state, detail) -> {
                    last.set(state);
                    out.println(id + " " + state + (detail == null ? "" : " " + detail));
                }, pollOverride);
        String installed = slots.installedVersion() == null ? "nothing installed yet" : "version " + slots.installedVersion();
        out.println("fleetloop-edge-agent " + EdgeAgent.version() + ": " + controllerId + " polling " + server + " as tenant "
                + tenant + " (slot " + slots.state().activeSlot() + ", " + installed + ")");
        while (true) {
            Duration sleep;
            try {
                sleep = agent.cycle();
            } catch (DdiException e) {
                err.println("error: " + ErrorText.of(e));
                if (e.status() == 401 || e.status() == 403) {
                    return 3;   // a refused token does not heal by polling again
                }
                if (once) {
                    return 1;
                }
                sleep = pollOverride != null ? pollOverride : ERROR_BACKOFF;
            } catch (IOException e) {
                err.println("error: " + ErrorText.of(e) + (once ? "" : " (retrying; a partial download is resumed)"));
                if (once) {
                    return 1;
                }
                sleep = pollOverride != null ? pollOverride : ERROR_BACKOFF;
            }
            if (once) {
                DeviceState state = last.get();
                return state == DeviceState.FAILED || state == DeviceState.REFUSED ? 1 : 0;
            }
            Thread.sleep(sleep.toMillis());
        }
    }

    static int fleet(String[] args, PrintStream out, PrintStream err) throws CliArgs.UsageException, InterruptedException {
        CliArgs cli = CliArgs.parse(args, 1, Set.of("--server", "--tenant", "--gateway-token", "--public-key", "--public-key-url",
                "--devices", "--id-prefix", "--id-width", "--device-type", "--failure-rate", "--poll-interval", "--threads",
                "--seed", "--duration"), Set.of("--exit-when-done", "--quiet"));
        URI server = URI.create(cli.required("--server"));
        FleetOptions options;
        try {
            options = new FleetOptions(server, cli.required("--tenant"), cli.required("--gateway-token"), null,
                    cli.get("--public-key-url").map(URI::create).orElse(null), cli.integer("--devices", 0),
                    cli.get("--id-prefix", "dev-"), cli.integer("--id-width", 5), cli.get("--device-type", "VEHICLE"),
                    cli.decimal("--failure-rate", 0.05), cli.duration("--poll-interval", null), cli.integer("--threads", 16),
                    cli.longValue("--seed", 42));
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
        Duration duration = cli.duration("--duration", Duration.ofMinutes(10));
        try {
            if (cli.get("--public-key").isPresent()) {
                options = options.withPublicKeyPem(Files.readString(Path.of(cli.get("--public-key").get())));
            } else {
                err.println("WARNING: no --public-key given; the fleet trusts the key served by " + options.signingKeyUrl()
                        + " (trust on first use)");
            }
        } catch (IOException e) {
            err.println("error: cannot read the public key: " + ErrorText.of(e));
            return 1;
        }
        long started = System.nanoTime();
        try (Fleet fleet = Fleet.start(options)) {
            // Ctrl-C still prints where the fleet got to.
            Thread onInterrupt = new Thread(() -> {
                err.println();
                out.print(summary(fleet.stats(), Duration.ofNanos(System.nanoTime() - started)));
                out.flush();
            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            long deadline = started + duration.toNanos();
            long lastReports = 0;
            long lastTick = System.nanoTime();
            while (System.nanoTime() < deadline) {
                Thread.sleep(250);
                FleetStats stats = fleet.stats();
                long now = System.nanoTime();
                double rate = (stats.reportsSent() - lastReports) * 1e9 / Math.max(1, now - lastTick);
                lastReports = stats.reportsSent();
                lastTick = now;
                if (!cli.flag("--quiet")) {
                    err.print("\r" + ProgressBar.line(stats, rate, 30) + "   ");
                    err.flush();
                }
                if (cli.flag("--exit-when-done") && stats.installed() + stats.failed() + stats.count(DeviceState.CANCELED) == stats.devices()) {
                    break;
                }
            }
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            err.println();
            out.print(summary(fleet.stats(), Duration.ofNanos(System.nanoTime() - started)));
            return 0;
        } catch (IOException e) {
            err.println("error: " + ErrorText.of(e));
            return 1;
        }
    }

    static String summary(FleetStats stats, Duration elapsed) {
        StringBuilder text = new StringBuilder();
        text.append("fleet of ").append(stats.devices()).append(" devices after ").append(elapsed.toSeconds()).append(" s: ")
                .append(stats.installed()).append(" installed, ").append(stats.count(DeviceState.FAILED)).append(" failed, ")
                .append(stats.count(DeviceState.REFUSED)).append(" refused, ").append(stats.count(DeviceState.CANCELED)).append(" canceled, ")
                .append(stats.inProgress()).append(" in progress, ").append(stats.count(DeviceState.IDLE)).append(" idle, ")
                .append(stats.errors().size()).append(" erroring; ").append(stats.reportsSent()).append(" reports, ")
                .append(stats.bytesDownloaded()).append(" bytes downloaded\n");
        Map<String, Integer> versions = new TreeMap<>();
        stats.installedVersions().values().forEach(v -> versions.merge(v, 1, Integer::sum));
        versions.forEach((version, count) -> text.append("  version ").append(version).append(": ").append(count).append('\n'));
        Map<String, Integer> reasons = new TreeMap<>();
        stats.refusals().values().forEach(r -> reasons.merge(reasonOf(r), 1, Integer::sum));
        reasons.forEach((reason, count) -> text.append("  ").append(reason).append(": ").append(count).append('\n'));
        stats.errors().entrySet().stream().limit(1).forEach(e -> text.append("  last error (").append(e.getKey()).append("): ")
                .append(e.getValue()).append('\n'));
        return text.toString();
    }

    /** "refused: downgrade: releaseCounter 1 ≤ installed 2" → "refused: downgrade". */
    private static String reasonOf(String refusal) {
        int second = refusal.indexOf(':', refusal.indexOf(':') + 1);
        return second < 0 ? refusal : refusal.substring(0, second);
    }

    private static DdiAuth auth(CliArgs cli) throws CliArgs.UsageException {
        boolean target = cli.get("--target-token").isPresent();
        boolean gateway = cli.get("--gateway-token").isPresent();
        if (target == gateway) {
            throw new CliArgs.UsageException("give exactly one of --target-token and --gateway-token");
        }
        return target ? DdiAuth.targetToken(cli.get("--target-token").get()) : DdiAuth.gatewayToken(cli.get("--gateway-token").get());
    }

    /**
     * The provisioned key file; else the key pinned in the slot folder by an earlier run; else the server's key,
     * fetched, pinned and announced with a warning (trust on first use).
     */
    private static String publicKey(CliArgs cli, HttpClient http, URI server, Path slotsDir, PrintStream err)
            throws IOException, InterruptedException {
        if (cli.get("--public-key").isPresent()) {
            return Files.readString(Path.of(cli.get("--public-key").get()));
        }
        Path pinned = slotsDir.resolve(PINNED_KEY_FILE);
        if (Files.exists(pinned)) {
            return Files.readString(pinned);
        }
        URI url = cli.get("--public-key-url").map(URI::create)
                .orElse(URI.create(server.toString().replaceAll("/+$", "") + "/.well-known/ota-signing-key.pem"));
        String pem = DdiClient.fetchSigningKey(http, url);
        PublicKeys.ed25519FromPem(pem);
        Files.writeString(pinned, pem);
        String fingerprint = HexFormat.of().formatHex(DownloadSink.sha256()
                .digest(pem.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        err.println("WARNING: no --public-key given; trusting the key served by " + url + " on first use (sha256 "
                + fingerprint + "…) and pinning it in " + pinned);
        return pem;
    }
}
