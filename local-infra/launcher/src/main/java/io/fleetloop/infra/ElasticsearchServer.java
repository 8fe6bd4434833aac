package io.fleetloop.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Elasticsearch 8.19 from the integ-test-zip on Maven Central: unpacked once per data folder and
 * version, single node on loopback, security off, 512 MB heap, run with this JVM's Java. Elasticsearch
 * refuses to run as root, so when this JVM is root it runs as {@code nobody} (via {@code setpriv}) with
 * its folders owned by that user, in a place every user can traverse.
 */
final class ElasticsearchServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchServer.class);

    static final String VERSION = "8.19.21";
    static final String RUN_AS_USER = "nobody";

    private final boolean runAsOtherUser = LocalFiles.isRoot();
    /** Chosen when first needed: the data folder exists by then, so its permissions can be checked. */
    private Path base;
    private int httpPort;
    private int transportPort;
    private ChildProcess child;

    ElasticsearchServer(InfraContext ctx) {
        super(ctx, "elasticsearch", "Elasticsearch");
    }

    private synchronized Path base() {
        if (base == null) {
            if (runAsOtherUser) {
                letOthersTraverse(ctx.dataDir);
            }
            base = chooseBase(ctx.dataDir, runAsOtherUser);
        }
        return base;
    }

    /**
     * A data folder of mode 700 in an open place (a test's temp folder) gets the "others" x bit, so that
     * Elasticsearch can stay inside it and goes away with it; its parents are never changed.
     */
    private static void letOthersTraverse(Path dataDir) {
        Path parent = dataDir.getParent();
        if (parent == null || LocalFiles.traversableByOthers(dataDir) || !LocalFiles.traversableByOthers(parent)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dataDir);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(dataDir, perms);
            LOG.info("Made {} traversable (o+x) for '{}', who runs Elasticsearch", dataDir, RUN_AS_USER);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot change the permissions of {}", dataDir, e);
        }
    }

    /**
     * {@code <dataDir>/elasticsearch}, unless another user has to run it and cannot reach the data folder
     * (e.g. a checkout under /root): then {@code /tmp/fleetloop-es-<hash of the data folder path>}.
     */
    static Path chooseBase(Path dataDir, boolean runAsOtherUser) {
        Path inside = dataDir.resolve("elasticsearch");
        if (!runAsOtherUser || LocalFiles.traversableByOthers(dataDir)) {
            return inside;
        }
        return outsideBase(dataDir);
    }

    static Path outsideBase(Path dataDir) {
        return Path.of("/tmp", "fleetloop-es-" + LocalFiles.sha256Hex(dataDir.toString()).substring(0, 16));
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    List<String> markers() {
        // both possible places, without choosing one (choosing may change the data folder's permissions)
        return List.of(ctx.marker(), outsideBase(ctx.dataDir) + "/");
    }

    @Override
    void start() throws Exception {
        Path zip = RuntimeArtifacts.resolve("elasticsearch").get(0);
        String group = runAsOtherUser ? prepareOtherUser() : null;
        Path base = base();
        Files.createDirectories(base);
        Path home = unpack(zip, base);
        Path data = Files.createDirectories(base.resolve("data"));
        Path logs = Files.createDirectories(base.resolve("logs"));
        Path tmp = Files.createDirectories(base.resolve("tmp"));
        httpPort = Ports.pick(ctx.fixedPorts, 9200);
        transportPort = Ports.pick(ctx.fixedPorts, 9300);
        writeConfig(home, data, logs);
        Path parentWatch = LocalFiles.installParentWatch(base.resolve("lib"));
        if (runAsOtherUser) {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            LocalFiles.chownTree(base, RUN_AS_USER, group);
        }

        List<String> command = new ArrayList<>();
        if (runAsOtherUser) {
            command.addAll(List.of("setpriv", "--reuid=" + RUN_AS_USER, "--regid=" + group, "--clear-groups", "--"));
        }
        // What bin/elasticsearch does, minus bash, plus the parent watch: the CLI JVM starts the server JVM.
        command.addAll(List.of(
                InfraContext.java().toString(),
                "-Dfleetloop.infra.dataDir=" + ctx.marker(),
                "-Xms4m", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dcli.name=server",
                "-Dcli.script=" + home.resolve("bin/elasticsearch"),
                "-Dcli.libs=lib/tools/server-cli",
                "-Des.path.home=" + home,
                "-Des.path.conf=" + home.resolve("config"),
                "-Des.distribution.type=zip",
                "-Des.java.type=ES_JAVA_HOME",
                "-cp", parentWatch + ":" + home.resolve("lib") + "/*:" + home.resolve("lib/cli-launcher") + "/*",
                "io.fleetloop.infra.child.ParentWatch",
                "org.elasticsearch.launcher.CliToolLauncher"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_TMPDIR", tmp.toString());
        env.put("HOME", base.toString());
        env.put("ES_JAVA_OPTS", null); // null: removed from the inherited environment
        LocalFiles.rotate(logFile());
        child = ChildProcess.start(name, command, home, env, logFile(), ctx.pidFile(name));
        String health = url() + "/_cluster/health?wait_for_status=yellow&timeout=1s";
        awaitReady(child, timeout(name, Duration.ofMinutes(4)), () -> Http.status(health) == 200);
        child.recordTree();
        LOG.info("Elasticsearch {} ready at {} (data {})", VERSION, url(), data);
    }

    private String prepareOtherUser() {
        if (!LocalFiles.userExists(RUN_AS_USER)) {
            throw failure("this JVM runs as root, which Elasticsearch refuses, and there is no user '" + RUN_AS_USER
                    + "' to run it as", null);
        }
        if (!Files.isExecutable(Path.of("/usr/bin/setpriv")) && !Files.isExecutable(Path.of("/bin/setpriv"))) {
            throw failure("this JVM runs as root, which Elasticsearch refuses, and 'setpriv' (util-linux) is not "
                    + "installed to run it as '" + RUN_AS_USER + "'", null);
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!LocalFiles.traversableByOthers(javaHome)) {
            throw failure("Elasticsearch has to run as '" + RUN_AS_USER + "' (this JVM is root) but cannot reach "
                    + "this JVM's Java at " + javaHome + "; use a JDK installed outside private folders", null);
        }
        return LocalFiles.existingGroup("nogroup", "nobody");
    }

    /** Unpacks the distribution zip once into {@code <base>/elasticsearch-<version>}. */
    static Path unpack(Path zip, Path base) throws IOException {
        Path home = base.resolve("elasticsearch-" + VERSION);
        Path marker = home.resolve(".fleetloop-unpacked");
        if (Files.isRegularFile(marker)) {
            return home;
        }
        LocalFiles.deleteTree(home);
        Path tmp = Files.createTempDirectory(base, ".unpack-");
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zipFile.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                String relative = slash < 0 ? "" : name.substring(slash + 1); // strip elasticsearch-<version>/
                if (relative.isEmpty()) {
                    continue;
                }
                Path target = tmp.resolve(relative).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("bad zip entry " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LocalFiles.deleteTree(tmp);
            throw e;
        }
        try (Stream<Path> bin = Files.list(tmp.resolve("bin"))) {
            for (Path script : bin.toList()) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(marker, VERSION + "\n");
        return home;
    }

    private void writeConfig(Path home, Path data, Path logs) {
        LocalFiles.write(home.resolve("config/elasticsearch.yml"), String.join("\n",
                "# Written by fleetloop local-infra at every start; edits are lost.",
                "cluster.name: fleetloop-local",
                "node.name: fleetloop-local",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "discovery.type: single-node",
                "xpack.security.enabled: false",
                "path.data: " + LocalFiles.yamlQuote(data.toString()),
                "path.logs: " + LocalFiles.yamlQuote(logs.toString()),
                // a nearly full disk must not turn indices read-only on a developer machine
                "cluster.routing.allocation.disk.threshold_enabled: false",
                ""));
        LocalFiles.write(home.resolve("config/jvm.options.d/fleetloop.options"), String.join("\n",
                "# Written by fleetloop local-infra at every start; edits are lost.",
                "-Xms512m",
                "-Xmx512m",
                // no rotating GC log files in the distribution folder: warnings to the console only
                "-Xlog:disable",
                "-Xlog:all=warning:stderr:uptime,level,tags",
                ""));
    }

    @Override
    void stop() {
        if (child != null) {
            child.stop(Duration.ofSeconds(30));
            child = null;
        }
        Ports.release(httpPort);
        Ports.release(transportPort);
    }

    @Override
    String describe() {
        return String.format("  Elasticsearch %s%n    url        %s   (security off, no credentials)%n"
                        + "    data       %s%n    log        %s (server logs in %s)%n"
                        + (runAsOtherUser ? "    runs as    " + RUN_AS_USER + " (Elasticsearch refuses root)%n" : ""),
                VERSION, url(), base().resolve("data"), logFile(), base().resolve("logs"));
    }

    List<Long> pids() {
        return child == null ? List.of() : child.pids();
    }
}
