package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server that does not come up: a clear exception, and what did start is stopped again. */
class StartFailureTest {

    private static final String TIMEOUT_PROPERTY = "fleetloop.infra.objectstore.start-timeout-seconds";

    private Path dataDir;

    @AfterEach
    void tearDown() {
        System.clearProperty(TIMEOUT_PROPERTY);
        TestSupport.deleteQuietly(dataDir);
    }

    @Test
    void failureNamesTheServerAndItsLogAndStopsTheOthers() throws Exception {
        dataDir = TestSupport.newDataDir("failure");
        String deadProbeUrl = "jdbc:postgresql://127.0.0.1:" + Ports.pick(false, 0) + "/postgres";
        System.setProperty(TIMEOUT_PROPERTY, "0"); // S3Proxy cannot answer within 0 s

        LocalInfraException failure = catchThrowableOfType(LocalInfraException.class, () -> LocalInfra.builder()
                .dataDir(dataDir).postgres(true).postgresProbeUrl(deadProbeUrl).objectStore(true).start());

        Path log = dataDir.resolve("logs/objectstore.log");
        assertThat(failure.server()).isEqualTo("objectstore");
        assertThat(failure.logFile()).contains(log);
        assertThat(failure).hasMessageContaining("Object store (S3Proxy)").hasMessageContaining(log.toString())
                .hasMessageContaining("not ready within 0 s");
        assertThat(dataDir.resolve("run/objectstore.pid")).doesNotExist();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("embedded PostgreSQL stopped again").doesNotExist();

        System.clearProperty(TIMEOUT_PROPERTY);
        try (LocalInfra infra = LocalInfra.builder().dataDir(dataDir).objectStore(true).start()) {
            assertThat(infra.objectStore()).isNotNull(); // the data folder is free again
        }
    }
}
