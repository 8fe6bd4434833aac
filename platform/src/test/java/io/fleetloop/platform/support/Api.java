package io.fleetloop.platform.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.net.http.HttpHeaders;

/** A REST/GraphQL client with one bearer token (and optionally an X-Tenant-Id choice), as curl would. */
public final class Api {

    public record Response(int status, String contentType, JsonNode body, String raw, HttpHeaders headers) {
        public JsonNode json(String pointer) {
            return body.at(pointer);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String token;
    private final String tenantHeader;

    Api(String baseUrl, String token, String tenantHeader) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.tenantHeader = tenantHeader;
    }

    /** The same caller, choosing a tenant among the token's tenants with the X-Tenant-Id header. */
    public Api selecting(String tenant) {
        return new Api(baseUrl, token, tenant);
    }

    public String token() {
        return token;
    }

    /** A binary download (exports), with its headers. */
    public record Download(int status, HttpHeaders headers, byte[] body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Download download(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    /** A GET with extra request headers (e.g. X-Fleetloop-Consistency). */
    public Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).GET();
        headers.forEach(request::setHeader);
        return exchange(request);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response graphql(String query, Map<String, Object> variables) {
        return send("POST", "/graphql", Map.of("query", query, "variables", variables));
    }

    /** Sends a raw body (e.g. malformed JSON) as application/json. */
    public Response postRaw(String path, String raw) {
        return exchange(request(path).method("POST", HttpRequest.BodyPublishers.ofString(raw)));
    }

    /** Sends a raw body (any text, e.g. malformed JSON) as application/json with any method; null sends none. */
    public Response sendRaw(String method, String path, String raw) {
        HttpRequest.BodyPublisher publisher = raw == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(raw);
        return exchange(request(path).method(method, publisher));
    }

    /** POSTs a text body of the given media type (CSV, NDJSON). */
    public Response postText(String path, String contentType, String body) {
        return exchange(request(path).setHeader("Content-Type", contentType).method("POST", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            return exchange(request(path).method(method, publisher));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header("Accept", "application/json, application/problem+json");
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (tenantHeader != null) builder.header("X-Tenant-Id", tenantHeader);
        return builder;
    }

    private Response exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? MissingNode.getInstance() : parse(raw);
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body, raw, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
