package io.fleetloop.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3-compatible object store: S3Proxy with the jclouds filesystem provider (buckets are folders under
 * {@code <dataDir>/objectstore/data}), AWS signature v2/v4 with fixed local credentials, loopback only.
 */
final class ObjectStoreServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreServer.class);

    static final String ACCESS_KEY = "fleetloop";
    static final String SECRET_KEY = "fleetloop-secret";
    static final String REGION = "us-east-1";

    private final Path dir;
    private int port;
    private ChildProcess child;

    ObjectStoreServer(InfraContext ctx) {
        super(ctx, "objectstore", "Object store (S3Proxy)");
        this.dir = ctx.dir("objectstore");
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    void start() throws Exception {
        List<Path> classpath = RuntimeArtifacts.resolve("s3proxy");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        port = Ports.pick(ctx.fixedPorts, 9000);
        Path properties = conf.resolve("s3proxy.properties");
        LocalFiles.write(properties, String.join("\n",
                "# Written by fleetloop local-infra at every start; edits are lost.",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + data.toString().replace("\\", "\\\\"),
                ""));
        Path logback = conf.resolve("logback.xml");
        LocalFiles.write(logback, """
                <configuration>
                  <!-- Written by fleetloop local-infra: S3Proxy logs every request at DEBUG without it. -->
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.gaul.s3proxy" level="INFO"/>
                  <logger name="org.eclipse.jetty" level="WARN"/>
                  <logger name="org.jclouds" level="WARN"/>
                  <logger name="jclouds" level="WARN"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        List<String> command = ctx.javaCommand(conf, LocalFiles.installParentWatch(ctx.dir("lib")),
                List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                        "-Dlogback.configurationFile=" + logback),
                classpath, "org.gaul.s3proxy.Main", List.of("--properties", properties.toString()));
        LocalFiles.rotate(logFile());
        child = ChildProcess.start(name, command, dir, Map.of(), logFile(), ctx.pidFile(name));
        // Any HTTP answer means it is serving (anonymous requests get 403).
        awaitReady(child, timeout(name, Duration.ofMinutes(2)), () -> Http.status(endpoint() + "/") > 0);
        LOG.info("Object store ready at {} (data {})", endpoint(), data);
    }

    @Override
    void stop() {
        if (child != null) {
            child.stop(Duration.ofSeconds(15));
            child = null;
        }
        Ports.release(port);
    }

    @Override
    String describe() {
        return String.format("  Object store (S3 API, S3Proxy filesystem backend)%n"
                        + "    endpoint   %s   (path-style; sign with AWS v2 or v4)%n"
                        + "    access key %s%n    secret key %s%n    region     %s%n"
                        + "    data       %s (one folder per bucket)%n    log        %s%n",
                endpoint(), ACCESS_KEY, SECRET_KEY, REGION, dir.resolve("data"), logFile());
    }

    List<Long> pids() {
        return child == null ? List.of() : child.pids();
    }
}
