package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @TempDir
    Path dir;

    private Process sleeper(String marker) throws Exception {
        // sh stays (no exec) with the marker as $0 in its command line, and a child of its own
        return new ProcessBuilder("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait", marker).start();
    }

    @Test
    void stopsALeftoverProcessOfThisDataFolderAndItsChildren() throws Exception {
        String marker = dir.toAbsolutePath() + "/";
        Process leftover = sleeper(marker + "kafka/conf/server.properties");
        Process stranger = sleeper("/somewhere/else/");
        try {
            Deadline deadline = Deadline.after(Duration.ofSeconds(10));
            while (leftover.descendants().findAny().isEmpty() && !deadline.expired()) {
                deadline.pause(50);
            }
            List<ProcessHandle> children = leftover.descendants().toList();
            assertThat(children).isNotEmpty();
            Path pidFile = dir.resolve("run/kafka.pid");
            Processes.writePidFile(pidFile, List.of(leftover.pid(), stranger.pid(), 999_999_999L));

            assertThat(Processes.stopLeftovers(pidFile, List.of(marker), "Kafka")).isGreaterThanOrEqualTo(2);

            assertThat(leftover.isAlive()).isFalse();
            assertThat(children).allSatisfy(child -> assertThat(child.isAlive()).isFalse());
            assertThat(stranger.isAlive()).as("a process that is not ours is left alone").isTrue();
            assertThat(pidFile).doesNotExist();
        } finally {
            leftover.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void elasticsearchGoesWhereItsUserCanReachIt() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Path closed = Files.createDirectories(dir.resolve("closed/data"));
        Files.setPosixFilePermissions(dir.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
        assertThat(ElasticsearchServer.chooseBase(open, false)).isEqualTo(open.resolve("elasticsearch"));
        assertThat(ElasticsearchServer.chooseBase(closed, false)).isEqualTo(closed.resolve("elasticsearch"));
        if (LocalFiles.traversableByOthers(open)) {
            assertThat(ElasticsearchServer.chooseBase(open, true)).isEqualTo(open.resolve("elasticsearch"));
        }
        Path outside = ElasticsearchServer.chooseBase(closed, true);
        assertThat(outside.toString()).startsWith("/tmp/fleetloop-es-");
        assertThat(ElasticsearchServer.chooseBase(closed, true)).isEqualTo(outside);
        Files.setPosixFilePermissions(dir.resolve("closed"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void kafkaClusterIdsLookLikeKafkasOwn() {
        for (int i = 0; i < 100; i++) {
            assertThat(KafkaServer.newClusterId()).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
        }
    }
}
