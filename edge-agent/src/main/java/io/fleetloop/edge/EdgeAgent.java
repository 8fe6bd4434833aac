package io.fleetloop.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

/**
 * The device-side agent: checks that the platform answers, runs the OTA client of one device against A/B slot
 * folders, or a fleet of simulated devices. It speaks the DDI device contract (docs/ota-device-protocol.md) and
 * has no Axon or Spring dependency.
 */
public final class EdgeAgent {

    static final String USAGE = """
            usage: edge-agent <command> [options]
              ping --platform <url>   check that the Fleetloop platform answers (GET /actuator/health)
              ota --server URL --tenant T --controller-id ID (--target-token TOK | --gateway-token TOK)
                  --slots DIR [--public-key key.pem | --public-key-url URL] [--device-type VEHICLE]
                  [--health-check CMD] [--poll-interval PT1S] [--once]
                                      poll DDI, download with resume, verify the signed manifest, install into
                                      the inactive slot of DIR, health-check, report (exit 3 on a refused token)
              fleet --server URL --tenant T --gateway-token TOK --devices N [--public-key key.pem | --public-key-url URL]
                  [--id-prefix dev-] [--id-width 5] [--device-type VEHICLE] [--failure-rate 0.05]
                  [--poll-interval PT1S] [--threads 16] [--seed 42] [--duration PT10M] [--exit-when-done] [--quiet]
                                      N simulated devices in one process, a live progress bar, a summary at the end
              fleet --collect --server URL --tenant T --gateway-token TOK --devices N [--seed 42] [--drive-seconds 120]
                  [--takeovers-per-hour 6] [--spool DIR] [--threads 8] [--interval 10] [--ring-seconds 60]
                                      N simulated vehicles replay generated drives, trigger on their collection rules,
                                      upload clips straight to the store and report them (reproducible by seed)
              collect --server URL --tenant T --controller-id ID (--target-token TOK | --gateway-token TOK) --spool DIR
                  [--candump can.log --dbc x.dbc] [--csv file:timeColumn:prefix:col,col] [--frames DIR:channel]
                  [--ring-seconds 60] [--ring-max-bytes N] [--spool-max-bytes N] [--interval 10]
                                      one device: ring buffer, triggers, compressed clips, resumable upload, status line
              train-dictionary --out FILE ([--candump can.log --dbc x.dbc] [--csv …] | --seed S [--drive-seconds 600])
                  [--window-seconds 10] [--size 32768] [--level 19] [--hold-out-every 5]
                                      train a zstd dictionary for clips on a recording; prints its id, size and the
                                      ratio with vs without it on held-out windows
              status --spool DIR      the clips waiting in the spool, their upload progress and compression ratios
              version                 the agent's version
              help                    this text
            Without --public-key the platform's key (GET {server}/.well-known/ota-signing-key.pem) is trusted on first use;
            ota pins it in DIR/trusted-signing-key.pem.""";

    private static final String VERSION = readVersion();

    private EdgeAgent() {
    }

    /** The agent's build version (the Maven project version, written into a resource by the build). */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = EdgeAgent.class.getResourceAsStream("agent.properties")) {
            if (in == null) throw new IllegalStateException("agent.properties missing from the agent's classpath");
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("agent.properties unreadable", e);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || "help".equals(args[0])) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if ("version".equals(args[0]) || "--version".equals(args[0])) {
            out.println("fleetloop-edge-agent " + version());
            return 0;
        }
        if ("ping".equals(args[0])) {
            String platform = option(args, "--platform", "http://localhost:8080");
            try {
                HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(HttpRequest.newBuilder(URI.create(platform + "/actuator/health")).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                out.println(platform + " answered " + response.statusCode() + ": " + response.body());
                return response.statusCode() == 200 ? 0 : 1;
            } catch (Exception e) {
                err.println(platform + " does not answer: " + e.getMessage());
                return 1;
            } 
        }
        if ("collect".equals(args[0]) || "status".equals(args[0]) || "train-dictionary".equals(args[0])
                || ("fleet".equals(args[0]) && Arrays.asList(args).contains("--collect"))) {
            try {
                return switch (args[0]) {
                    case "collect" -> CollectionCommands.collect(args, out, err);
                    case "status" -> CollectionCommands.status(args, out);
                    case "train-dictionary" -> CollectionCommands.trainDictionary(args, out, err);
                    default -> CollectionCommands.fleet(args, out, err);
                };
            } catch (CliArgs.UsageException | IllegalArgumentException e) {
                err.println(args[0] + ": " + e.getMessage() + "\n" + USAGE);
                return 2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        if ("ota".equals(args[0]) || "fleet".equals(args[0])) {
            try {
                return "ota".equals(args[0]) ? OtaCommands.ota(args, out, err) : OtaCommands.fleet(args, out, err);
            } catch (CliArgs.UsageException | IllegalArgumentException e) {
                err.println(args[0] + ": " + e.getMessage() + "\n" + USAGE);
                return 2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        err.println("unknown command '" + args[0] + "'\n" + USAGE);
        return 2;
    }

    static String option(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }
}
