package io.fleetloop.command.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.annotation.PostConstruct;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.springframework.stereotype.Component;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Writes into the platform's bucket; every tenant's data lives below {@code tenants/<tenantId>/}. */
@Component
public class PlatformObjectStore {

    /** Parts of 16 MiB: memory per upload stays flat whatever the object's size. */
    static final long PART_SIZE = 16L * 1024 * 1024;

    private final ObjectStoreProperties properties;
    private final MinioClient client;

    PlatformObjectStore(ObjectStoreProperties properties) {
        this.properties = properties;
        this.client = MinioClient.builder().endpoint(properties.endpoint()).httpClient(httpClient())
                .credentials(properties.accessKey(), properties.secretKey()).region(properties.region()).build();
    }

    /**
     * MinIO's own HTTP client settings (5 min timeouts, HTTP/1.1) with three changes. Nagle's algorithm is off: OkHttp
     * writes a PUT's headers and body in separate writes, and the body's last small segment waited for the server's
     * delayed ACK, up to 40 ms per object. Up to 64 requests per host are in flight instead of OkHttp's 5 (the
     * synchronous client waits on the asynchronous one's dispatcher). Up to 64 idle connections are kept instead of 5.
     */
    static OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(128);
        dispatcher.setMaxRequestsPerHost(64);
        return new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.MINUTES).writeTimeout(5, TimeUnit.MINUTES).readTimeout(5, TimeUnit.MINUTES)
                .protocols(List.of(Protocol.HTTP_1_1))
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySockets())
                .build();
    }

    /** Plain sockets with {@code TCP_NODELAY} (a TLS socket is layered on one of these and keeps it). */
    static final class NoDelaySockets extends SocketFactory {

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }
    }

    @PostConstruct
    void ensureBucket() throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(properties.bucket()).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(properties.bucket()).build());
            } catch (ErrorResponseException e) {
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) throw e;
            }
        }
    }

    public String bucket() {
        return properties.bucket();
    }

    public static String tenantPrefix(String tenantId) {
        return "tenants/" + tenantId + "/";
    }

    public String uri(String key) {
        return "s3://" + properties.bucket() + "/" + key;
    }

    /** Streams {@code size} bytes (or an unknown length when negative) into {@code key}. */
    public void put(String key, InputStream content, long size) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(properties.bucket()).object(key)
                .stream(content, size, size >= 0 ? -1 : PART_SIZE).build());
    }

    public void delete(String key) throws Exception {
        client.removeObject(RemoveObjectArgs.builder().bucket(properties.bucket()).object(key).build());
    }

    public MinioClient client() {
        return client;
    }
}
