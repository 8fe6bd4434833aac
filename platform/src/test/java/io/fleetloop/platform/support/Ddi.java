package io.fleetloop.platform.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.net.http.HttpHeaders;

/** A hawkBit DDI client as a device uses it, with the raw answers, for tests of the device protocol. */
public final class Ddi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Answer(int status, JsonNode body, String raw, HttpHeaders headers) {
        public JsonNode json(String pointer) {
            return body.at(pointer);
        }
    }

    public record Bytes(int status, byte[] body, HttpHeaders headers) {
    }

    private final String baseUrl;
    private final String tenant;
    private final String controllerId;
    private final String authorization;

    public Ddi(String baseUrl, String tenant, String controllerId, String authorization) {
        this.baseUrl = baseUrl;
        this.tenant = tenant;
        this.controllerId = controllerId;
        this.authorization = authorization;
    }

    public static Ddi target(RunningPlatform platform, String tenant, String controllerId, String token) {
        return new Ddi(platform.baseUrl(), tenant, controllerId, "TargetToken " + token);
    }

    public static Ddi gateway(RunningPlatform platform, String tenant, String controllerId, String token) {
        return new Ddi(platform.baseUrl(), tenant, controllerId, "GatewayToken " + token);
    }

    public String base() {
        return baseUrl + "/" + tenant + "/controller/v1/" + controllerId;
    }

    public Answer poll() {
        return get(base());
    }

    /** GET of a path under the device's base, or of an absolute href the server gave. */
    public Answer get(String pathOrHref) {
        return send(HttpRequest.newBuilder(uri(pathOrHref)).GET());
    }

    public Answer post(String pathOrHref, Object body) {
        return send(HttpRequest.newBuilder(uri(pathOrHref)).header("Content-Type", "application/json").POST(publisher(body)));
    }

    public Answer put(String pathOrHref, Object body) {
        return send(HttpRequest.newBuilder(uri(pathOrHref)).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    /** hawkBit feedback: {@code status.execution}, {@code status.result.finished}, {@code status.details}. */
    public Answer feedback(String actionHref, String actionId, String execution, String finished, String detail) {
        Map<String, Object> status = Map.of("execution", execution, "result", Map.of("finished", finished), "details", java.util.List.of(detail));
        return post(stripQuery(actionHref) + "/feedback", Map.of("id", actionId, "time", "20261130T120000", "status", status));
    }

    public Bytes download(String href, String range) {
        return bytes(HttpRequest.newBuilder(uri(href)).GET(), range);
    }

    /** {@code HEAD} of an artifact: its headers without the body. */
    public Bytes head(String href) {
        return bytes(HttpRequest.newBuilder(uri(href)).method("HEAD", HttpRequest.BodyPublishers.noBody()), null);
    }

    private Bytes bytes(HttpRequest.Builder request, String range) {
        if (authorization != null) request.header("Authorization", authorization);
        if (range != null) request.header("Range", range);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String stripQuery(String href) {
        int q = href.indexOf('?');
        return q < 0 ? href : href.substring(0, q);
    }

    private URI uri(String pathOrHref) {
        return URI.create(pathOrHref.startsWith("http") ? pathOrHref : base() + pathOrHref);
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String raw ? raw : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer send(HttpRequest.Builder request) {
        if (authorization != null) request.header("Authorization", authorization);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.missingNode() : readOrText(response.body());
            return new Answer(response.statusCode(), body, response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readOrText(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** Verifies a chunk's manifest signature with the PEM public key; returns the manifest. */
    public static JsonNode verifiedManifest(JsonNode chunk, String publicKeyPem) throws Exception {
        String manifest = null;
        String signature = null;
        for (JsonNode entry : chunk.path("metadata")) {
            if ("fleetloop.manifest".equals(entry.path("key").asText())) manifest = entry.path("value").asText();
            if ("fleetloop.signature".equals(entry.path("key").asText())) signature = entry.path("value").asText();
        }
        if (manifest == null || signature == null) throw new AssertionError("no signed manifest in " + chunk);
        byte[] bytes = Base64.getDecoder().decode(manifest);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(publicKeyPem.replaceAll("-----[A-Z ]+-----", "").trim())));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(bytes);
        if (!verifier.verify(Base64.getDecoder().decode(signature))) throw new AssertionError("bad manifest signature");
        return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    }
}
