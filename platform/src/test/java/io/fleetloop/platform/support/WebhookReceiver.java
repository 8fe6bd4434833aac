package io.fleetloop.platform.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HashMap;

/**
 * A training platform's webhook endpoint for the test JVM: records every delivery and answers the first attempt
 * of each delivery with 503, so the platform's retry is exercised.
 */
public final class WebhookReceiver {

    public static final String SECRET = "test-training-webhook-secret";

    public record Received(Map<String, String> headers, String body) {
    }

    private static WebhookReceiver instance;

    private final HttpServer server;
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/training/datasets", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String delivery = headers.getOrDefault("x-fleetloop-delivery", "");
            int status;
            if (refusedOnce.add(delivery)) {
                status = 503;
            } else {
                accepted.add(new Received(headers, body));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static synchronized WebhookReceiver get() {
        if (instance == null) {
            try {
                instance = new WebhookReceiver();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/training/datasets";
    }

    public List<Received> accepted() {
        return List.copyOf(accepted);
    }
}
