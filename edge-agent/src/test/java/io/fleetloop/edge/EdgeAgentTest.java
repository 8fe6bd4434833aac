package io.fleetloop.edge;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeAgentTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsTheCommands() {
        assertThat(EdgeAgent.run(new String[]{"help"}, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString()).contains("ping --platform");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(EdgeAgent.run(new String[]{"version"}, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString().trim()).matches("fleetloop-edge-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(EdgeAgent.run(new String[]{"fly"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'fly'");
    }

    @Test
    void pingReportsAPlatformThatDoesNotAnswer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int code = EdgeAgent.run(new String[]{"ping", "--platform", "http://127.0.0.1:" + port}, new PrintStream(out), new PrintStream(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("does not answer");
    }
}
