package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import java.nio.file.Files;

/**
 * A JVM that started servers is killed with SIGKILL (no shutdown hook runs); a new start on the same
 * data folder must work, and nothing of the killed run may stay alive.
 */
class CrashRecoveryTest {

    private Path dataDir;

    @AfterEach
    void tearDown() throws Exception {
        Files.deleteIfExists(holderErr());
        TestSupport.deleteQuietly(dataDir);
    }

    /** Runs in the JVM that gets killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            LocalInfra infra = builder(Path.of(args[0]), args[1]).start();
            List<Long> pids = new ArrayList<>(infra.childPids());
            Processes.readPidFile(Path.of(args[0], "postgres", "postmaster.pid")).stream().limit(1).forEach(pids::add);
            System.out.println("PIDS " + pids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // until killed
        }
    }

    private Path holderErr() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-holder.err");
    }

    static LocalInfra.Builder builder(Path dataDir, String probeUrl) {
        return LocalInfra.builder().dataDir(dataDir).postgres(true).postgresProbeUrl(probeUrl)
                .objectStore(true).kafka(true).fixedPorts(false);
    }

    @Test
    void aKilledRunLeavesNothingBehindAndTheDataFolderStartsAgain() throws Exception {
        dataDir = TestSupport.newDataDir("crash");
        String deadProbeUrl = "jdbc:postgresql://127.0.0.1:" + Ports.pick(false, 0) + "/postgres"; // embedded PG
        Process holder = new ProcessBuilder(InfraContext.java().toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dataDir.toString(), deadProbeUrl)
                .redirectError(holderErr().toFile())
                .start();
        List<Long> oldPids;
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).lines().forEach(lines::add), "holder-stdout");
            reader.setDaemon(true);
            reader.start();
            String pidsLine = null;
            Deadline deadline = Deadline.after(Duration.ofMinutes(3));
            while (!deadline.expired()) {
                String line = lines.poll(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
                if (line == null || line.equals("READY")) {
                    break;
                }
                if (line.startsWith("PIDS ")) {
                    pidsLine = line.substring(5);
                }
            }
            assertThat(pidsLine).as("the holder JVM started its servers (see %s)", holderErr()).isNotNull();
            oldPids = Arrays.stream(pidsLine.split(",")).map(Long::parseLong).toList();
            assertThat(oldPids).hasSize(3); // S3Proxy, Kafka, postmaster
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, children orphaned
            holder.waitFor(30, TimeUnit.SECONDS);
        }

        try (LocalInfra infra = builder(dataDir, deadProbeUrl).start()) {
            assertThat(infra.postgres().embedded()).isTrue();
            assertThat(oldPids).allSatisfy(pid ->
                    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("old pid %d", pid).isEmpty());
            TestSupport.putObject(infra.objectStore(), "after-crash", "ok", new byte[] {1, 2, 3});
            assertThat(TestSupport.getObject(infra.objectStore(), "after-crash", "ok")).containsExactly(1, 2, 3);
            TestSupport.produce(infra.kafka(), "after-crash", "k", "v");
            assertThat(TestSupport.consume(infra.kafka(), "after-crash", "k")).isEqualTo("v");
        }
    }
}
