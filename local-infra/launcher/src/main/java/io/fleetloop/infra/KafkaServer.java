package io.fleetloop.infra;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka 4.1 broker in KRaft mode (combined broker + controller, one node) on loopback, from the
 * Maven Central jars. The storage is formatted once; the cluster id is kept in the data folder.
 */
final class KafkaServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

    static final String STARTED_LINE = "Kafka Server started";

    private final Path dir;
    private int port;
    private int controllerPort;
    private ChildProcess child;

    KafkaServer(InfraContext ctx) {
        super(ctx, "kafka", "Kafka");
        this.dir = ctx.dir("kafka");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    void start() throws Exception {
        List<Path> classpath = RuntimeArtifacts.resolve("kafka");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        port = Ports.pick(ctx.fixedPorts, 9092);
        controllerPort = Ports.pick(ctx.fixedPorts, 9093);
        Path serverProperties = conf.resolve("server.properties");
        // Static quorum (controller.quorum.voters): the ports may change between runs without harm.
        LocalFiles.write(serverProperties, String.join("\n",
                "# Written by fleetloop local-infra at every start; edits are lost.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data.toString().replace("\\", "\\\\"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Path log4j = conf.resolve("log4j2.properties");
        LocalFiles.write(log4j, String.join("\n",
                "# Written by fleetloop local-infra at every start; edits are lost.",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = OUT",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                "logger.config.level = WARN",
                ""));
        Path parentWatch = LocalFiles.installParentWatch(ctx.dir("lib"));
        List<String> jvm = List.of("-Xms128m", "-Xmx384m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4j);
        LocalFiles.rotate(logFile());

        if (!Files.isRegularFile(data.resolve("meta.properties"))) {
            String clusterId = clusterId();
            List<String> format = ctx.javaCommand(conf, parentWatch, List.of("-Xmx256m", "-XX:+UseSerialGC",
                            "-Dlog4j2.configurationFile=" + log4j),
                    classpath, "kafka.tools.StorageTool",
                    List.of("format", "-t", clusterId, "-c", serverProperties.toString(), "--ignore-formatted"));
            ChildProcess formatting = ChildProcess.start(name + "-format", format, dir, Map.of(), logFile(), null);
            Duration timeout = Duration.ofMinutes(2);
            if (!formatting.process().waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                formatting.stop(Duration.ofSeconds(5));
                throw failure("formatting the storage did not finish within " + timeout.toSeconds() + " s", null);
            }
            if (formatting.process().exitValue() != 0) {
                throw failure("formatting the storage failed with exit code " + formatting.process().exitValue(), null);
            }
        }

        long logOffset = LocalFiles.size(logFile());
        child = ChildProcess.start(name, ctx.javaCommand(conf, parentWatch, jvm, classpath, "kafka.Kafka",
                List.of(serverProperties.toString())), dir, Map.of(), logFile(), ctx.pidFile(name));
        awaitReady(child, timeout(name, Duration.ofMinutes(3)),
                () -> LocalFiles.readFrom(logFile(), logOffset).contains(STARTED_LINE)
                        && Ports.answers("127.0.0.1", port, 1000));
        LOG.info("Kafka ready at {} (data {})", bootstrapServers(), data);
    }

    /** The cluster id of this data folder: kept in {@code kafka/cluster.id}, created once. */
    private String clusterId() throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        Path meta = dir.resolve("data/meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(meta)) {
                properties.load(reader);
            }
            String id = properties.getProperty("cluster.id");
            if (id != null) {
                Files.writeString(file, id + "\n");
                return id;
            }
        }
        String id = newClusterId();
        Files.writeString(file, id + "\n");
        return id;
    }

    /** Same form as Kafka's {@code Uuid.randomUuid().toString()}: 16 random bytes, base64url, no padding. */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-") && !id.matches("A+[AB]?")) {
                return id;
            }
        }
    }

    @Override
    void stop() {
        if (child != null) {
            child.stop(Duration.ofSeconds(30));
            child = null;
        }
        Ports.release(port);
        Ports.release(controllerPort);
    }

    @Override
    String describe() {
        return String.format("  Kafka 4.1 (KRaft, one node)%n    bootstrap  %s   (plaintext, no authentication)%n"
                        + "    data       %s%n    log        %s%n",
                bootstrapServers(), dir.resolve("data"), logFile());
    }

    List<Long> pids() {
        return child == null ? List.of() : child.pids();
    }
}
