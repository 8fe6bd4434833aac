package io.fleetloop.platform.security;

import io.fleetloop.api.common.FleetloopException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar platform-exec.jar token --user alice --tenant acme --role DATA_ENGINEER [...]}: signs a token
 * with the embedded issuer's key in the data folder, without starting the platform. Prints only the token on
 * stdout, so {@code TOKEN=$(./fleetloop.sh token ...)} works.
 */
public final class TokenCli {

    static final String USAGE = """
            usage: fleetloop.sh token --user <name> --tenant <id> [--tenant <id>...] --role <ROLE> [--role <ROLE>...]
                                      [--ttl PT8H] [--data-dir ./.fleetloop] [--issuer fleetloop-local]
            roles: PLATFORM_ADMIN DATA_ENGINEER ANNOTATION_MANAGER QC_REVIEWER ALGORITHM_ENGINEER SIMULATION_ENGINEER OTA_OPERATOR AUDITOR""";

    private TokenCli() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String user = null;
        List<String> tenants = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        Duration ttl = Duration.ofHours(8);
        String dataDir = System.getenv().getOrDefault("FLEETLOOP_DATA_DIR", "./.fleetloop");
        String issuer = "fleetloop-local";
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--help") || arg.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.size()) throw new IllegalArgumentException("missing value after " + arg);
                String value = args.get(++i);
                switch (arg) {
                    case "--user", "--subject" -> user = value;
                    case "--tenant" -> tenants.add(value);
                    case "--role" -> roles.add(value);
                    case "--ttl" -> ttl = Duration.parse(value);
                    case "--data-dir" -> dataDir = value;
                    case "--issuer" -> issuer = value;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            TokenIssuer tokens = new TokenIssuer(SigningKey.loadOrCreate(Path.of(dataDir)), issuer, "tenants", "roles", Clock.systemUTC());
            TokenIssuer.Token token = tokens.issue(user, tenants, roles, ttl);
            out.println(token.accessToken());
            err.println("token for " + user + " (tenants " + tenants + ", roles " + roles + ") valid until " + token.expiresAt());
            return 0;
        } catch (FleetloopException e) {
            err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }
}
