package io.fleetloop.edge;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * The device-side agent (a skeleton for now: it checks that the platform answers). It has its own contract
 * with the platform and no Axon dependency; recording, upload and the OTA client come with their issues.
 */
public final class EdgeAgent {

    static final String USAGE = """
            usage: edge-agent <command> [options]
              ping --platform <url>   check that the Fleetloop platform answers (GET /actuator/health)
              help                    this text""";

    private EdgeAgent() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || "help".equals(args[0])) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
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
        err.println("unknown command '" + args[0] + "'\n" + USAGE);
        return 2;
    }

    static String option(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }
}
