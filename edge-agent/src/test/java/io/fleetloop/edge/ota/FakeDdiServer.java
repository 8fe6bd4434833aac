package io.fleetloop.edge.ota;

import io.fleetloop.ddi.json.model.DdiActionFeedback;
import io.fleetloop.ddi.json.model.DdiConfigData;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiStatus.ExecutionStatus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DDI server speaking the contract of docs/ota-device-protocol.md: token auth, base poll with absolute links,
 * deploymentBase with a signed manifest in the chunk metadata, Range-capable artifact downloads, feedback,
 * cancelAction and configData. It records what devices sent, and can misbehave on purpose (tampered bytes, no or a
 * foreign signature, a connection dropped halfway through a download).
 */
final class FakeDdiServer implements AutoCloseable {

    static final String TENANT = "acme";
    static final String GATEWAY_TOKEN = "gw-secret";

    /** How an action is served wrong: its (main) artifact's bytes, its signature, its addressee, or one of its further chunks. */
    enum Tamper { NONE, ARTIFACT_BYTES, UNSIGNED, BAD_SIGNATURE, OTHER_CONTROLLER, LAST_CHUNK_BYTES, LAST_CHUNK_DROPPED }

    /** A further module of a release: one more chunk of the action, with its own file. */
    record Extra(String part, String name, String filename, byte[] bytes) {
    }

    record Release(String versionId, String deviceType, long releaseCounter, byte[] artifact, Tamper tamper, List<Extra> extras) {
        Release(String versionId, long releaseCounter, byte[] artifact) {
            this(versionId, "VEHICLE", releaseCounter, artifact, Tamper.NONE);
        }

        Release(String versionId, String deviceType, long releaseCounter, byte[] artifact, Tamper tamper) {
            this(versionId, deviceType, releaseCounter, artifact, tamper, List.of());
        }

        Release tampered(Tamper how) {
            return new Release(versionId, deviceType, releaseCounter, artifact, how, extras);
        }

        Release with(Extra... more) {
            return new Release(versionId, deviceType, releaseCounter, artifact, tamper, List.of(more));
        }
    }

    record Feedback(String controllerId, String resource, String actionId, DdiActionFeedback body, String raw) {
        String execution() {
            return body.status().execution().json();
        }

        String finished() {
            return body.status().result() == null ? null : body.status().finished().json();
        }

        List<String> details() {
            return body.status().details();
        }
    }

    record Download(String controllerId, String range) {
    }

    private record Action(String id, String controllerId, Release release, byte[] served, String manifestB64, String signatureB64,
                          List<ServedChunk> extras) {
        byte[] served(String filename) {
            if (filename.equals("model.bin")) return served;
            return extras.stream().filter(c -> c.extra().filename().equals(filename)).findFirst().map(ServedChunk::served).orElse(null);
        }
    }

    private record ServedChunk(Extra extra, byte[] served, String manifestB64, String signatureB64) {
    }

    private static final class Device {
        volatile String targetToken;
        volatile Action action;
        volatile Action canceling;
        volatile boolean configDataSent;
    }

    final KeyPair keys;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Action> actions = new ConcurrentHashMap<>();
    private final AtomicLong nextActionId = new AtomicLong(100);
    private final Queue<Feedback> feedback = new ConcurrentLinkedQueue<>();
    private final Queue<Download> downloads = new ConcurrentLinkedQueue<>();
    private final Queue<DdiConfigData> configData = new ConcurrentLinkedQueue<>();
    private final Set<String> closedActions = ConcurrentHashMap.newKeySet();
    /** deploymentBase's {@code update}; {@code skip} also closes the maintenance window. */
    volatile String update = "forced";
    final AtomicBoolean dropNextDownloadHalfway = new AtomicBoolean();
    volatile boolean keepOfferingConfigData;
    volatile boolean keepOfferingFinishedActions;
    volatile boolean ignoreRange;
    volatile String pollingSleep = "00:00:01";

    FakeDdiServer() throws IOException, GeneralSecurityException {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String publicKeyPem() {
        return PublicKeys.toPem(keys.getPublic());
    }

    /** Registers a device that must use its own TargetToken (the gateway token works for every device). */
    void register(String controllerId, String targetToken) {
        device(controllerId).targetToken = targetToken;
    }

    String offer(String controllerId, Release release) {
        String id = String.valueOf(nextActionId.incrementAndGet());
        byte[] served = release.artifact().clone();
        if (release.tamper() == Tamper.ARTIFACT_BYTES) {
            served[served.length / 2] ^= 0x5a;   // same size, other bytes
        }
        String manifestController = release.tamper() == Tamper.OTHER_CONTROLLER ? controllerId + "-other" : controllerId;
        int chunks = release.extras().size() + 1;
        byte[] manifest = manifest(id, manifestController, release, "model.bin", release.artifact(), chunks == 1 ? null : 0, chunks);
        PrivateKey signer = release.tamper() == Tamper.BAD_SIGNATURE ? otherKey() : keys.getPrivate();
        List<ServedChunk> extras = new ArrayList<>();
        for (int i = 0; i < release.extras().size(); i++) {
            Extra extra = release.extras().get(i);
            byte[] bytes = extra.bytes().clone();
            if (release.tamper() == Tamper.LAST_CHUNK_BYTES && i == release.extras().size() - 1) {
                bytes[bytes.length / 2] ^= 0x5a;
            }
            byte[] extraManifest = manifest(id, manifestController, release, extra.filename(), extra.bytes(), i + 1, chunks);
            extras.add(new ServedChunk(extra, bytes, Base64.getEncoder().encodeToString(extraManifest),
                    Base64.getEncoder().encodeToString(sign(keys.getPrivate(), extraManifest))));
        }
        Action action = new Action(id, controllerId, release, served, Base64.getEncoder().encodeToString(manifest),
                Base64.getEncoder().encodeToString(sign(signer, manifest)), extras);
        actions.put(id, action);
        device(controllerId).action = action;
        return id;
    }

    /** @return controllerId → actionId */
    Map<String, String> offerToAll(Collection<String> controllerIds, Release release) {
        Map<String, String> offered = new LinkedHashMap<>();
        controllerIds.forEach(id -> offered.put(id, offer(id, release)));
        return offered;
    }

    /** The device's open action becomes an action to cancel. */
    String cancel(String controllerId) {
        Device device = device(controllerId);
        device.canceling = device.action;
        device.action = null;
        return device.canceling.id();
    }

    List<Feedback> feedback() {
        return List.copyOf(feedback);
    }

    List<Download> downloads() {
        return List.copyOf(downloads);
    }

    List<DdiConfigData> configData() {
        return List.copyOf(configData);
    }

    List<Feedback> feedbackFor(String controllerId) {
        return feedback.stream().filter(f -> f.controllerId().equals(controllerId)).toList();
    }

    Optional<Feedback> closed(String controllerId, String actionId) {
        return feedback.stream().filter(f -> f.controllerId().equals(controllerId) && f.actionId().equals(actionId)
                && "closed".equals(f.execution())).findFirst();
    }

    /** How many (device, action) pairs got a terminal {@code closed} feedback. */
    long closedCount() {
        return closedActions.size();
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(DownloadSink.sha256().digest(bytes));
    }

    static byte[] artifact(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private byte[] manifest(String actionId, String controllerId, Release release, String filename, byte[] artifact, Integer index, int of) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", Manifest.SCHEMA);
        m.put("tenantId", TENANT);
        m.put("releaseTaskId", "rt-1");
        m.put("actionId", actionId);
        m.put("controllerId", controllerId);
        m.put("kind", "UPDATE");
        m.put("versionId", release.versionId());
        m.put("deviceType", release.deviceType());
        m.put("releaseType", "DOTA");
        m.put("releaseCounter", release.releaseCounter());
        m.put("artifact", Map.of("filename", filename, "size", artifact.length, "sha256", sha256(artifact)));
        if (index != null) m.put("chunk", Map.of("index", index, "of", of, "part", "x", "name", filename));
        m.put("issuedAt", "2026-11-30T22:00:00Z");
        m.put("someFutureField", List.of(1, 2));
        try {
            return DdiJson.MAPPER.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(PrivateKey key, byte[] bytes) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(bytes);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey otherKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Device device(String controllerId) {
        return devices.computeIfAbsent(controllerId, id -> new Device());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/.well-known/ota-signing-key.pem")) {
                respond(exchange, 200, "application/x-pem-file", publicKeyPem());
                return;
            }
            String[] parts = path.substring(1).split("/");
            if (parts.length < 4 || !parts[1].equals("controller") || !parts[2].equals("v1")) {
                respond(exchange, 404, "application/json", "{\"title\":\"no such resource\"}");
                return;
            }
            String controllerId = parts[3];
            Device device = devices.get(controllerId);
            if (!authorized(parts[0], device, exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}");
                return;
            }
            if (device == null) {
                device = device(controllerId);
            }
            String base = url() + "/" + TENANT + "/controller/v1/" + controllerId;
            String rest = String.join("/", java.util.Arrays.copyOfRange(parts, 4, parts.length));
            String method = exchange.getRequestMethod();
            if (rest.isEmpty() && method.equals("GET")) {
                basePoll(exchange, device, base);
            } else if (rest.matches("deploymentBase/\\d+") && method.equals("GET")) {
                deploymentBase(exchange, actions.get(parts[5]), base);
            } else if (rest.matches("(deploymentBase|cancelAction)/\\d+/feedback") && method.equals("POST")) {
                String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                DdiActionFeedback body = DdiJson.MAPPER.readValue(raw, DdiActionFeedback.class);
                feedback.add(new Feedback(controllerId, parts[4], parts[5], body, raw));
                if (body.status().execution() == ExecutionStatus.CLOSED) {
                    closedActions.add(controllerId + "/" + parts[5]);
                    if (parts[4].equals("cancelAction")) {
                        device.canceling = null;
                    } else if (!keepOfferingFinishedActions && device.action != null && device.action.id().equals(parts[5])) {
                        device.action = null;
                    }
                }
                respond(exchange, 200, "application/json", "");
            } else if (rest.matches("cancelAction/\\d+") && method.equals("GET")) {
                respond(exchange, 200, "application/json", "{\"id\":\"" + parts[5] + "\",\"cancelAction\":{\"stopId\":\"" + parts[5] + "\"}}");
            } else if (rest.equals("configData") && method.equals("PUT")) {
                configData.add(DdiJson.MAPPER.readValue(exchange.getRequestBody(), DdiConfigData.class));
                device.configDataSent = true;
                respond(exchange, 200, "application/json", "");
            } else if (rest.matches("softwaremodules/\\d+/artifacts/[^/]+") && method.equals("GET")
                    && actions.containsKey(parts[5]) && actions.get(parts[5]).served(parts[7]) != null) {
                artifact(exchange, controllerId, actions.get(parts[5]).served(parts[7]));
            } else {
                respond(exchange, 404, "application/json", "{\"title\":\"no such resource\"}");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private boolean authorized(String tenant, Device device, String authorization) {
        if (!TENANT.equals(tenant) || authorization == null) {
            return false;
        }
        if (authorization.equals("GatewayToken " + GATEWAY_TOKEN)) {
            return true;
        }
        return device != null && device.targetToken != null && authorization.equals("TargetToken " + device.targetToken);
    }

    private void basePoll(HttpExchange exchange, Device device, String base) throws IOException {
        Map<String, Object> links = new LinkedHashMap<>();
        if (device.canceling != null) {
            links.put("cancelAction", Map.of("href", base + "/cancelAction/" + device.canceling.id()));
        } else if (device.action != null) {
            links.put("deploymentBase", Map.of("href", base + "/deploymentBase/" + device.action.id() + "?c=-2129030598"));
        }
        if (!device.configDataSent || keepOfferingConfigData) {
            links.put("configData", Map.of("href", base + "/configData"));
        }
        links.put("installedBase", Map.of("href", base + "/installedBase/1"));   // a link the agent does not know
        respond(exchange, 200, "application/hal+json", DdiJson.MAPPER.writeValueAsString(
                Map.of("config", Map.of("polling", Map.of("sleep", pollingSleep)), "_links", links)));
    }

    private void deploymentBase(HttpExchange exchange, Action action, String base) throws IOException {
        List<Map<String, Object>> chunks = new ArrayList<>();
        chunks.add(chunk(base, action, "bApp", "perception-model", "model.bin", action.served(),
                action.release().tamper() == Tamper.UNSIGNED ? null : action.manifestB64(), action.signatureB64()));
        List<ServedChunk> extras = action.release().tamper() == Tamper.LAST_CHUNK_DROPPED && !action.extras().isEmpty()
                ? action.extras().subList(0, action.extras().size() - 1) : action.extras();
        for (ServedChunk extra : extras) {
            chunks.add(chunk(base, action, extra.extra().part(), extra.extra().name(), extra.extra().filename(), extra.served(),
                    extra.manifestB64(), extra.signatureB64()));
        }
        respond(exchange, 200, "application/hal+json", DdiJson.MAPPER.writeValueAsString(Map.of("id", action.id(),
                "deployment", Map.of("download", "forced", "update", update, "maintenanceWindow", "skip".equals(update) ? "unavailable" : "available",
                        "chunks", chunks),
                "actionHistory", Map.of("status", "RUNNING", "messages", List.of()))));
    }

    private static Map<String, Object> chunk(String base, Action action, String part, String name, String filename, byte[] served,
                                             String manifestB64, String signatureB64) {
        String href = base + "/softwaremodules/" + action.id() + "/artifacts/" + filename;
        Map<String, Object> artifact = Map.of("filename", filename, "size", served.length,
                "hashes", Map.of("sha256", sha256(served)),
                "_links", Map.of("download", Map.of("href", href.replace("http:", "https:")), "download-http", Map.of("href", href),
                        "md5sum-http", Map.of("href", href + ".MD5SUM")));
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("part", part);
        chunk.put("version", action.release().versionId());
        chunk.put("name", name);
        if (manifestB64 != null) {
            chunk.put("metadata", List.of(Map.of("key", "fleetloop.manifest", "value", manifestB64),
                    Map.of("key", "fleetloop.signature", "value", signatureB64)));
        }
        chunk.put("artifacts", List.of(artifact));
        return chunk;
    }

    private void artifact(HttpExchange exchange, String controllerId, byte[] bytes) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        downloads.add(new Download(controllerId, range));
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        int from = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-") && !ignoreRange) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            if (from >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
            exchange.sendResponseHeaders(206, bytes.length - from);
        } else {
            exchange.sendResponseHeaders(200, bytes.length);
        }
        OutputStream body = exchange.getResponseBody();
        if (from == 0 && dropNextDownloadHalfway.compareAndSet(true, false)) {
            body.write(bytes, 0, bytes.length / 2);
            body.flush();
            throw new IOException("dropping the connection halfway on purpose");   // the server closes the connection
        }
        body.write(bytes, from, bytes.length - from);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
