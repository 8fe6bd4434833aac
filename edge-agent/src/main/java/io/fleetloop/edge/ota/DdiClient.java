package io.fleetloop.edge.ota;

import io.fleetloop.ddi.json.model.DdiActionFeedback;
import io.fleetloop.ddi.json.model.DdiCancel;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiCollectionRulesStatus;
import io.fleetloop.ddi.json.model.DdiConfigData;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.json.model.DdiDeploymentBase;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiProgress;
import io.fleetloop.ddi.json.model.DdiResult;
import io.fleetloop.ddi.json.model.DdiStatus;
import io.fleetloop.ddi.json.model.DdiStatus.ExecutionStatus;
import io.fleetloop.ddi.json.model.DdiResult.FinalResult;
import io.fleetloop.ddi.json.model.DdiUpdateMode;
import io.fleetloop.ddi.rest.api.DdiRestConstants;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client of the hawkBit DDI API v1 for one tenant. It follows the hrefs the server gives (absolute URLs) and
 * builds only the base poll and the feedback URLs, which the contract fixes. Thread-safe: a fleet of simulated
 * devices shares one instance (and one {@link HttpClient}).
 */
public final class DdiClient {

    static final int DOWNLOAD_ATTEMPTS = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter FEEDBACK_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final HttpClient http;
    private final String server;
    private final String tenant;
    private final DdiAuth auth;
    private final Clock clock;
    private final LongAdder reportsSent = new LongAdder();
    private final LongAdder bytesDownloaded = new LongAdder();

    public DdiClient(HttpClient http, URI server, String tenant, DdiAuth auth) {
        this(http, server, tenant, auth, Clock.systemUTC());
    }

    public DdiClient(HttpClient http, URI server, String tenant, DdiAuth auth, Clock clock) {
        this.http = http;
        this.server = server.toString().replaceAll("/+$", "");
        this.tenant = tenant;
        this.auth = auth;
        this.clock = clock;
    }

    /** An HTTP/1.1 client (hawkBit-style servers and plain HTTP do not speak h2c) with a connect timeout. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI base(String controllerId) {
        return URI.create(server + DdiRestConstants.BASE_V1_REQUEST_MAPPING.replace("{tenant}", encode(tenant)) + "/" + encode(controllerId));
    }

    public String scheme() {
        return URI.create(server).getScheme();
    }

    public DdiControllerBase poll(String controllerId) throws IOException, InterruptedException {
        return getJson(base(controllerId), DdiControllerBase.class);
    }

    public DdiDeploymentBase deploymentBase(String href) throws IOException, InterruptedException {
        return getJson(URI.create(href), DdiDeploymentBase.class);
    }

    public DdiCancel cancelAction(String href) throws IOException, InterruptedException {
        return getJson(URI.create(href), DdiCancel.class);
    }

    /** {@code POST {base}/deploymentBase/{actionId}/feedback}. */
    public void feedback(String controllerId, String actionId, ExecutionStatus execution, FinalResult finished,
                         List<String> details, DdiProgress progress) throws IOException, InterruptedException {
        post(URI.create(DdiRestConstants.deploymentFeedback(base(controllerId).toString(), encode(actionId))),
                feedbackBody(actionId, execution, finished, details, progress));
    }

    /** {@code POST {base}/cancelAction/{actionId}/feedback}; {@code closed}+{@code success} confirms the cancel. */
    public void cancelFeedback(String controllerId, String actionId, ExecutionStatus execution, FinalResult finished,
                               List<String> details) throws IOException, InterruptedException {
        post(URI.create(DdiRestConstants.cancelFeedback(base(controllerId).toString(), encode(actionId))),
                feedbackBody(actionId, execution, finished, details, null));
    }

    /** {@code PUT configData} with {@code mode=merge}: the device's attributes. */
    public void configData(String href, Map<String, String> attributes) throws IOException, InterruptedException {
        byte[] body = DdiJson.write(new DdiConfigData(attributes, DdiUpdateMode.MERGE));
        send(request(URI.create(href)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        reportsSent.increment();
    }

    /**
     * {@code GET {base}/collection-rules} with {@code If-None-Match} of the version the device runs: empty when it is still
     * current (304), else the rules and their new version.
     */
    public Optional<DdiCollectionRules> collectionRules(String href, String knownVersion) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(URI.create(href)).header("Accept", "application/hal+json, application/json").GET();
        if (knownVersion != null) request.header("If-None-Match", "\"" + knownVersion + "\"");
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("GET " + href + " failed: " + ErrorText.of(e), e);
        }
        if (response.statusCode() == 304) return Optional.empty();
        if (response.statusCode() / 100 != 2) throw DdiException.of(response.statusCode(), "GET", href, response.body(), auth);
        return Optional.of(DdiJson.MAPPER.readValue(response.body(), DdiCollectionRules.class));
    }

    /**
     * {@code GET {collectionRulesHref}/dictionaries/{assetId}}: a trained zstd dictionary one of the device's rules names;
     * the bytes must hash to the answer's ETag (their sha256), else an IOException.
     */
    public byte[] collectionDictionary(String collectionRulesHref, String assetId) throws IOException, InterruptedException {
        String href = collectionRulesHref.replaceAll("/+$", "") + "/" + DdiRestConstants.COLLECTION_DICTIONARIES_PATH + "/" + encode(assetId);
        HttpRequest request = request(URI.create(href)).header("Accept", "application/octet-stream").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IOException("GET " + href + " failed: " + ErrorText.of(e), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw DdiException.of(response.statusCode(), "GET", href, new String(response.body(), StandardCharsets.UTF_8), auth);
        }
        String etag = response.headers().firstValue("ETag").orElse("").replace("W/", "").replace("\"", "");
        String sha256;
        try {
            sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(response.body()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!sha256.equalsIgnoreCase(etag)) {
            throw new IOException("GET " + href + ": the dictionary's sha256 " + sha256 + " is not its ETag " + etag);
        }
        bytesDownloaded.add(response.body().length);
        return response.body();
    }

    /** {@code PUT {collectionRulesHref}/status}: the rules version the device runs now. */
    public void collectionRulesStatus(String collectionRulesHref, String version) throws IOException, InterruptedException {
        byte[] body = DdiJson.write(new DdiCollectionRulesStatus(version));
        send(request(URI.create(collectionRulesHref.replaceAll("/+$", "") + "/status")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        reportsSent.increment();
    }

    /** {@code POST {base}/collection-uploads}: open or resume a clip file's direct upload (presigned part URLs). */
    public io.fleetloop.ddi.json.model.DdiClipUpload openClipUpload(String controllerId, io.fleetloop.ddi.json.model.DdiClipUploadRequest request)
            throws IOException, InterruptedException {
        String body = send(request(URI.create(base(controllerId) + "/" + DdiRestConstants.COLLECTION_UPLOADS_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(DdiJson.write(request))).build());
        return DdiJson.MAPPER.readValue(body, io.fleetloop.ddi.json.model.DdiClipUpload.class);
    }

    /** {@code POST {base}/collection-uploads/{uploadId}/complete}: the store assembles the parts; size and sha256 are checked. */
    public io.fleetloop.ddi.json.model.DdiClipUpload completeClipUpload(String controllerId, String uploadId) throws IOException, InterruptedException {
        String body = send(request(URI.create(base(controllerId) + "/" + DdiRestConstants.COLLECTION_UPLOADS_PATH + "/" + encode(uploadId) + "/complete"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        return DdiJson.MAPPER.readValue(body, io.fleetloop.ddi.json.model.DdiClipUpload.class);
    }

    /** {@code POST {base}/collection-triggers}: the report DataFlowTriggered (idempotent by triggerId); the platform's answer. */
    public String reportTrigger(String controllerId, io.fleetloop.ddi.json.model.DdiCollectionTriggered report) throws IOException, InterruptedException {
        String body = send(request(URI.create(base(controllerId) + "/" + DdiRestConstants.COLLECTION_TRIGGERS_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(DdiJson.write(report))).build());
        reportsSent.increment();
        return body;
    }

    /** {@code POST {base}/collection-status}: distance driven and triggers fired since the previous report. */
    public void collectionStatus(String controllerId, io.fleetloop.ddi.json.model.DdiCollectionExposure exposure) throws IOException, InterruptedException {
        send(request(URI.create(base(controllerId) + "/" + DdiRestConstants.COLLECTION_STATUS_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(DdiJson.write(exposure))).build());
        reportsSent.increment();
    }

    /** PUTs one part to a presigned store URL (no platform credentials: the URL carries them); the part's ETag. */
    public String putPart(String url, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("PUT part failed: " + ErrorText.of(e), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the store refused the part (" + response.statusCode() + "): " + response.body());
        }
        return response.headers().firstValue("ETag").orElse("");
    }

    /**
     * Downloads {@code href} into {@code sink}, resuming from what the sink already holds ({@code Range: bytes=n-},
     * 206 appends, 200 starts over) and retrying IO errors a few times with a growing pause. {@code expectedSize}
     * (the artifact's announced size, or a non-positive number when unknown) lets a short body count as a break.
     *
     * @return the number of bytes the sink holds afterwards
     */
    public long download(String href, DownloadSink sink, long expectedSize) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
            long have = sink.position();
            if (expectedSize > 0 && have == expectedSize) {
                return have;
            }
            if (expectedSize > 0 && have > expectedSize) {
                sink.reset();
                have = 0;
            }
            HttpRequest.Builder request = request(URI.create(href)).GET();
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int status = response.statusCode();
                    if (status == 200 && have > 0) {
                        sink.reset();
                    } else if (status == 206 && !response.headers().firstValue("Content-Range").orElse("")
                            .replace(" ", "").startsWith("bytes" + have + "-")) {
                        sink.reset();   // a range we did not ask for: start over
                        continue;
                    } else if (status == 416 && have > 0) {
                        sink.reset();   // our partial file is longer than the artifact: it changed, start over
                        continue;
                    } else if (status != 200 && status != 206) {
                        throw DdiException.of(status, "GET", href, new String(in.readNBytes(2048), StandardCharsets.UTF_8), auth);
                    }
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sink.write(buffer, 0, n);
                        bytesDownloaded.add(n);
                    }
                }
                if (expectedSize <= 0 || sink.position() >= expectedSize) {
                    return sink.position();
                }
                last = new IOException("the body ended after " + sink.position() + " of " + expectedSize + " bytes");
            } catch (DdiException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100L * attempt * attempt);
        }
        throw new IOException("download of " + href + " failed after " + DOWNLOAD_ATTEMPTS + " attempts ("
                + sink.position() + " bytes kept for the next attempt): " + ErrorText.of(last), last);
    }

    /** Feedback and configData calls made through this client. */
    public long reportsSent() {
        return reportsSent.sum();
    }

    public long bytesDownloaded() {
        return bytesDownloaded.sum();
    }

    /** The platform's signing key, {@code GET {server}/.well-known/ota-signing-key.pem} (PEM; unauthenticated). */
    public static String fetchSigningKey(HttpClient http, URI url) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot fetch the signing key from " + url + ": " + ErrorText.of(e), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private byte[] feedbackBody(String actionId, ExecutionStatus execution, FinalResult finished, List<String> details,
                                DdiProgress progress) {
        return DdiJson.write(new DdiActionFeedback(actionId, FEEDBACK_TIME.format(clock.instant()),
                new DdiStatus(execution, new DdiResult(finished, progress), null, details == null ? List.of() : details)));
    }

    private void post(URI uri, byte[] body) throws IOException, InterruptedException {
        send(request(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        reportsSent.increment();
    }

    private <T> T getJson(URI uri, Class<T> type) throws IOException, InterruptedException {
        String body = send(request(uri).header("Accept", "application/hal+json, application/json").GET().build());
        return DdiJson.MAPPER.readValue(body, type);
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(request.method() + " " + request.uri() + " failed: " + ErrorText.of(e), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw DdiException.of(response.statusCode(), request.method(), request.uri().toString(), response.body(), auth);
        }
        return response.body();
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", auth.header());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
