package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * All four servers started once (in parallel, free ports, temp data folder); real round trips; then
 * close (ports released, processes gone) and a restart on the same data folder that finds the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllServersTest {

    private static final String DATABASE = "fleetloop_local_infra_test";
    private static final byte[] OBJECT = "closed loop: vehicle to desk\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    private Path dataDir;
    private LocalInfra infra;

    private LocalInfra.Builder builder(boolean recreateDatabase) {
        return LocalInfra.builder()
                .dataDir(dataDir)
                .postgres(true)
                .postgresDatabase(DATABASE, recreateDatabase)
                .elasticsearch(true)
                .objectStore(true)
                .kafka(true)
                .fixedPorts(false);
    }

    @BeforeAll
    void start() throws Exception {
        dataDir = TestSupport.newDataDir("all");
        long t0 = System.nanoTime();
        infra = builder(true).start();
        System.out.printf("all four servers started in parallel in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    void stop() throws Exception {
        if (infra != null) {
            PostgresEndpoint pg = infra.postgres();
            infra.close();
            if (pg != null && !pg.embedded()) {
                // kept across the restart above on purpose; a server that outlives the test keeps nothing of it
                try (Connection connection = PostgresServer.connect(pg.jdbcUrl().replace("/" + DATABASE, "/postgres"),
                        pg.username(), pg.password());
                     Statement statement = connection.createStatement()) {
                    statement.execute("drop database if exists " + DATABASE + " with (force)");
                }
            }
        }
        TestSupport.deleteQuietly(dataDir);
    }

    @Test
    @Order(1)
    void postgresAnswersSqlAndKeepsRows() throws Exception {
        PostgresEndpoint pg = infra.postgres();
        assertThat(pg.jdbcUrl()).endsWith("/" + DATABASE);
        try (Connection connection = PostgresServer.connect(pg.jdbcUrl(), pg.username(), pg.password());
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1, current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo(DATABASE);
            }
            statement.execute("create table vehicle (vin text primary key, model text not null)");
            statement.execute("insert into vehicle values ('LFV123', 'robotaxi-7')");
            try (ResultSet rs = statement.executeQuery("select model from vehicle where vin = 'LFV123'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("robotaxi-7");
            }
        }
    }

    @Test
    @Order(2)
    void elasticsearchIndexesAndFinds() throws Exception {
        String es = infra.elasticsearch().url();
        TestSupport.es("PUT", es + "/assets", """
                {"mappings": {"properties": {"vin": {"type": "keyword"}, "note": {"type": "text"}}}}""");
        TestSupport.es("PUT", es + "/assets/_doc/a-1?refresh=true", """
                {"vin": "LFV123", "note": "hard braking at the ramp"}""");
        JsonNode hits = TestSupport.es("POST", es + "/assets/_search", """
                {"query": {"bool": {"filter": [{"term": {"vin": "LFV123"}}], "must": [{"match": {"note": "braking"}}]}}}""")
                .path("hits");
        assertThat(hits.path("total").path("value").asInt()).isEqualTo(1);
        assertThat(hits.path("hits").get(0).path("_source").path("note").asText()).isEqualTo("hard braking at the ramp");
    }

    @Test
    @Order(3)
    void objectStorePutsAndGetsBytes() throws Exception {
        ObjectStoreEndpoint s3 = infra.objectStore();
        assertThat(s3.accessKey()).isEqualTo("fleetloop");
        TestSupport.putObject(s3, "fleetloop", "logs/run-1.txt", OBJECT);
        assertThat(TestSupport.getObject(s3, "fleetloop", "logs/run-1.txt")).isEqualTo(OBJECT);
        assertThat(dataDir.resolve("objectstore/data/fleetloop")).isDirectory();
    }

    @Test
    @Order(4)
    void kafkaProducesAndConsumes() throws Exception {
        TestSupport.produce(infra.kafka(), "fleet.events", "k1", "ObjectIngested");
        assertThat(TestSupport.consume(infra.kafka(), "fleet.events", "k1")).isEqualTo("ObjectIngested");
    }

    @Test
    @Order(5)
    void describeTellsEndpointsCredentialsDataAndLogs() {
        String text = infra.describe();
        System.out.println(text);
        assertThat(text)
                .contains(infra.postgres().jdbcUrl(), infra.postgres().username())
                .contains(infra.elasticsearch().url())
                .contains(infra.objectStore().endpoint(), "fleetloop-secret", "us-east-1")
                .contains(infra.kafka().bootstrapServers())
                .contains(dataDir.resolve("logs/elasticsearch.log").toString())
                .contains(dataDir.resolve("logs/objectstore.log").toString())
                .contains(dataDir.resolve("logs/kafka.log").toString());
    }

    @Test
    @Order(6)
    void closeStopsEveryProcessAndReleasesThePorts() {
        List<Integer> ports = new ArrayList<>(List.of(
                TestSupport.port(infra.elasticsearch().url()),
                TestSupport.port(infra.objectStore().endpoint()),
                TestSupport.kafkaPort(infra.kafka())));
        if (infra.postgres().embedded()) {
            ports.add(TestSupport.port(infra.postgres().jdbcUrl().replace("jdbc:", "")));
        }
        List<Long> pids = infra.childPids();
        assertThat(pids).hasSizeGreaterThanOrEqualTo(4); // ES CLI + ES server, S3Proxy, Kafka
        printRss(pids);

        infra.close();
        infra = null;

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(ports).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port %d is free", port).isTrue());
        assertThat(dataDir.resolve("run/kafka.pid")).doesNotExist();
        assertThat(dataDir.resolve("run/objectstore.pid")).doesNotExist();
        assertThat(dataDir.resolve("run/elasticsearch.pid")).doesNotExist();
    }

    @Test
    @Order(7)
    void restartOnTheSameDataFolderFindsTheData() throws Exception {
        long t0 = System.nanoTime();
        infra = builder(false).start();
        System.out.printf("restart of all four took %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        PostgresEndpoint pg = infra.postgres();
        try (Connection connection = PostgresServer.connect(pg.jdbcUrl(), pg.username(), pg.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select model from vehicle where vin = 'LFV123'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("robotaxi-7");
        }
        JsonNode hits = TestSupport.es("POST", infra.elasticsearch().url() + "/assets/_search",
                "{\"query\": {\"term\": {\"vin\": \"LFV123\"}}}").path("hits");
        assertThat(hits.path("total").path("value").asInt()).isEqualTo(1);
        assertThat(TestSupport.getObject(infra.objectStore(), "fleetloop", "logs/run-1.txt")).isEqualTo(OBJECT);
        assertThat(TestSupport.consume(infra.kafka(), "fleet.events", "k1")).isEqualTo("ObjectIngested");
        assertThat(Files.readString(dataDir.resolve("kafka/cluster.id")).trim()).hasSize(22);
    }

    private static void printRss(List<Long> pids) {
        for (long pid : pids) {
            try {
                String status = Files.readString(Path.of("/proc/" + pid + "/status"));
                String rss = status.lines().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?");
                String cmd = Processes.commandLine(ProcessHandle.of(pid).orElseThrow());
                String main = cmd.contains("org.elasticsearch.launcher") ? "elasticsearch-cli"
                        : cmd.contains("org.elasticsearch") ? "elasticsearch"
                        : cmd.contains("s3proxy") ? "s3proxy" : cmd.contains("kafka.Kafka") ? "kafka" : "?";
                System.out.printf("pid %d %-18s %s%n", pid, main, rss.replaceAll("\\s+", " "));
            } catch (Exception e) {
                // only informative
            }
        }
    }
}
