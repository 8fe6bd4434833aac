package io.fleetloop.command.objectstore;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object store's HTTP client sends small writes at once (no Nagle: a PUT's body waited up to 40 ms for the
 * server's delayed ACK; 61–88 against 438–589 PUTs/s of 25 KB with 8 threads on S3Proxy, docs/performance.md) and
 * keeps more than OkHttp's 5 requests per host in flight.
 */
class PlatformObjectStoreHttpTest {

    @Test
    void socketsHaveNagleOffAndManyRequestsMayBeInFlight() throws Exception {
        OkHttpClient http = PlatformObjectStore.httpClient();
        assertThat(http.dispatcher().getMaxRequestsPerHost()).isEqualTo(64);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket unconnected = http.socketFactory().createSocket();
             Socket connected = http.socketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }
}
