package io.fleetloop.command.ingestion;

import io.fleetloop.command.objectstore.MultipartObjectStore;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.IngestedObject;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.OpenUploadCommand;
import io.fleetloop.api.ingestion.RecordIngestionBatchCommand;
import io.minio.errors.ErrorResponseException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Resumable uploads to an HTTP-upload ingestion task. The client announces a file (name, size, sha256, part size)
 * and gets presigned PUT URLs, one per part of an S3 multipart upload in the platform's bucket: the bytes go straight
 * to the store, never through the platform. {@code GET} shows which parts arrived (with fresh URLs for the missing
 * ones, to resume); {@code complete} assembles the parts, reads the object once to check its size and sha256, and
 * registers it exactly once (a repeated complete answers the same); a wrong checksum deletes the object and registers
 * nothing. Uploads of another tenant's task are answered as not found.
 */
@RestController
class UploadController {

    private static final Logger log = LoggerFactory.getLogger(UploadController.class);
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;
    static final int DEFAULT_URL_EXPIRY_SECONDS = 900;
    private static final String RESOURCE = "upload";
    private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*");

    record OpenUploadRequest(@NotBlank @Size(max = 256) String fileName, @NotNull @Min(1) @Max(5L << 40) Long size,
                             @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
                             Long partSize, @Min(1) @Max(3600) Integer urlExpirySeconds) {
    }

    record PartUrl(int partNumber, long size, String url) {
    }

    record UploadOpened(String uploadId, String storagePath, long partSize, List<PartUrl> parts, Instant expiresAt) {
    }

    record ReceivedPart(int partNumber, String etag, long size) {
    }

    record UploadStatus(String uploadId, String status, String fileName, long size, String sha256, long partSize,
                        int partCount, List<ReceivedPart> receivedParts, List<PartUrl> missingParts, Instant expiresAt,
                        String assetId, String storagePath, Boolean duplicate, String errorMessage) {
    }

    record CompletedPart(@NotNull @Min(1) @Max(MAX_PARTS) Integer partNumber, @NotBlank @Size(max = 256) String etag) {
    }

    record CompleteUploadRequest(@Valid @Size(max = MAX_PARTS) List<CompletedPart> parts) {
    }

    record UploadCompleted(String uploadId, String status, String assetId, String storagePath, boolean duplicate) {
    }

    private final CommandGateway commands;
    private final UploadSessions sessions;
    private final MultipartObjectStore store;
    private final Clock clock;

    UploadController(CommandGateway commands, UploadSessions sessions, MultipartObjectStore store, Clock clock) {
        this.commands = commands;
        this.sessions = sessions;
        this.store = store;
        this.clock = clock;
    }

    @PostMapping("/v1/ingestion-tasks/{taskId}/uploads")
    ResponseEntity<UploadOpened> open(Caller caller, @PathVariable String taskId, @Valid @RequestBody OpenUploadRequest request) throws Exception {
        String fileName = request.fileName().strip();
        if (!SAFE_NAME.matcher(fileName).matches() || Set.of(fileName.split("/")).contains("..")) {
            throw FleetloopException.invalid("fileName", "must be a relative path of letters, digits, '.', '_', '-', '=' and '/' without '..'");
        }
        long partSize = request.partSize() == null ? Math.max(DEFAULT_PART_SIZE, ceilDiv(request.size(), MAX_PARTS)) : request.partSize();
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw FleetloopException.invalid("partSize", "must be " + MIN_PART_SIZE + ".." + MAX_PART_SIZE + " bytes (the store's part limits)");
        }
        if (ceilDiv(request.size(), partSize) > MAX_PARTS) {
            throw FleetloopException.invalid("partSize", "gives more than " + MAX_PARTS + " parts for " + request.size() + " bytes");
        }
        String uploadId = UUID.randomUUID().toString();
        String sha256 = request.sha256().toLowerCase();
        String targetPath = commands.sendAndWait(new OpenUploadCommand(new IngestionTaskId(taskId), caller.tenantId(), uploadId,
                fileName, request.size(), sha256));
        String key = "tenants/" + caller.tenantId() + "/" + targetPath + "/" + uploadId + "/" + fileName;
        String storeUploadId = store.start(key);
        var session = new UploadSessions.Session(uploadId, caller.tenantId(), taskId, key, storeUploadId, fileName, request.size(),
                sha256, partSize, UploadSessions.Status.OPEN, null, null, null, null);
        Instant now = clock.instant();
        sessions.add(session, now);
        int expiry = request.urlExpirySeconds() == null ? DEFAULT_URL_EXPIRY_SECONDS : request.urlExpirySeconds();
        List<PartUrl> urls = new ArrayList<>();
        for (int part = 1; part <= session.partCount(); part++) {
            urls.add(new PartUrl(part, session.partLength(part), store.partUrl(key, storeUploadId, part, expiry)));
        }
        return ResponseEntity.created(URI.create("/v1/ingestion-tasks/" + taskId + "/uploads/" + uploadId))
                .body(new UploadOpened(uploadId, store.uri(key), partSize, urls, now.plusSeconds(expiry)));
    }

    @GetMapping("/v1/ingestion-tasks/{taskId}/uploads/{uploadId}")
    UploadStatus status(Caller caller, @PathVariable String taskId, @PathVariable String uploadId) throws Exception {
        UploadSessions.Session session = find(caller, taskId, uploadId);
        List<ReceivedPart> received = List.of();
        List<PartUrl> missing = List.of();
        Instant expiresAt = null;
        if (session.status() == UploadSessions.Status.OPEN) {
            received = store.parts(session.objectKey(), session.storeUploadId()).stream()
                    .map(p -> new ReceivedPart(p.partNumber(), p.etag(), p.size())).toList();
            Set<Integer> have = received.stream().map(ReceivedPart::partNumber).collect(Collectors.toCollection(TreeSet::new));
            missing = new ArrayList<>();
            for (int part = 1; part <= session.partCount(); part++) {
                if (!have.contains(part)) {
                    missing.add(new PartUrl(part, session.partLength(part),
                            store.partUrl(session.objectKey(), session.storeUploadId(), part, DEFAULT_URL_EXPIRY_SECONDS)));
                }
            }
            expiresAt = clock.instant().plusSeconds(DEFAULT_URL_EXPIRY_SECONDS);
        }
        return new UploadStatus(session.uploadId(), session.status().name(), session.fileName(), session.sizeBytes(), session.sha256(),
                session.partSize(), session.partCount(), received, missing, expiresAt, session.assetId(), session.storagePath(),
                session.duplicate(), session.errorMessage());
    }

    @PostMapping("/v1/ingestion-tasks/{taskId}/uploads/{uploadId}/complete")
    UploadCompleted complete(Caller caller, @PathVariable String taskId, @PathVariable String uploadId,
                             @Valid @RequestBody(required = false) CompleteUploadRequest request) throws Exception {
        UploadSessions.Session session = find(caller, taskId, uploadId);
        switch (session.status()) {
            case COMPLETED -> {
                return new UploadCompleted(uploadId, "COMPLETED", session.assetId(), session.storagePath(), Boolean.TRUE.equals(session.duplicate()));
            }
            case REJECTED, ABORTED -> throw FleetloopException.conflict("upload " + uploadId + " is " + session.status()
                    + (session.errorMessage() == null ? "" : ": " + session.errorMessage()) + "; start a new upload");
            default -> {
            }
        }
        assemble(session, request);
        Verified content = verify(session);
        if (content.size() != session.sizeBytes() || !content.sha256().equals(session.sha256())) {
            String reason = content.size() != session.sizeBytes()
                    ? "the uploaded object has " + content.size() + " bytes, not the announced " + session.sizeBytes()
                    : "the uploaded object's sha256 is " + content.sha256() + ", not the announced " + session.sha256();
            store.delete(session.objectKey());
            sessions.ended(uploadId, UploadSessions.Status.REJECTED, reason, clock.instant());
            throw FleetloopException.invalid(content.size() != session.sizeBytes() ? "size" : "sha256", reason + "; the object was deleted");
        }
        IngestedObject result = commands.sendAndWait(new RecordIngestionBatchCommand(new IngestionTaskId(taskId), caller.tenantId(),
                "upload:" + uploadId, null, store.uri(session.objectKey()), content.size(), content.sha256(),
                Map.of("file-name", session.fileName(), "upload-id", uploadId)));
        if (result.duplicate() && !result.storagePath().equals(store.uri(session.objectKey()))) {
            store.delete(session.objectKey());
        }
        sessions.completed(uploadId, result.assetId().value(), result.storagePath(), result.duplicate(), clock.instant());
        return new UploadCompleted(uploadId, "COMPLETED", result.assetId().value(), result.storagePath(), result.duplicate());
    }

    @DeleteMapping("/v1/ingestion-tasks/{taskId}/uploads/{uploadId}")
    ResponseEntity<Void> abort(Caller caller, @PathVariable String taskId, @PathVariable String uploadId) throws Exception {
        UploadSessions.Session session = find(caller, taskId, uploadId);
        if (session.status() == UploadSessions.Status.COMPLETED) {
            throw FleetloopException.conflict("upload " + uploadId + " is completed and registered; it cannot be aborted");
        }
        if (session.status() == UploadSessions.Status.OPEN) {
            store.abort(session.objectKey(), session.storeUploadId()); // one the store no longer knows counts as aborted
            sessions.ended(uploadId, UploadSessions.Status.ABORTED, "aborted by " + caller.operator(), clock.instant());
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    /** Completes the store's multipart upload; one that a crashed earlier complete already assembled is taken as it is. */
    private void assemble(UploadSessions.Session session, CompleteUploadRequest request) throws Exception {
        List<MultipartObjectStore.StoredPart> parts;
        try {
            parts = request == null || request.parts() == null || request.parts().isEmpty()
                    ? store.parts(session.objectKey(), session.storeUploadId())
                    : request.parts().stream().map(p -> new MultipartObjectStore.StoredPart(p.partNumber(), p.etag(), -1)).toList();
        } catch (ErrorResponseException e) {
            if ("NoSuchUpload".equals(e.errorResponse().code())) return; // assembled by an earlier complete
            throw e;
        }
        if (parts.size() != session.partCount()) {
            throw FleetloopException.invalid("parts", parts.size() + " of " + session.partCount() + " parts; GET the upload to see which are missing");
        }
        try {
            store.complete(session.objectKey(), session.storeUploadId(), parts.stream()
                    .sorted((a, b) -> Integer.compare(a.partNumber(), b.partNumber())).toList());
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchUpload".equals(code)) {
                log.info("Upload {} was assembled before; checking the object", session.uploadId());
                return;
            }
            throw FleetloopException.invalid("parts", "the store refused to assemble the parts: " + code + " (" + e.errorResponse().message() + ")");
        }
    }

    private record Verified(long size, String sha256) {
    }

    /** Reads the assembled object once: its size and sha256. */
    private Verified verify(UploadSessions.Session session) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = store.read(session.objectKey())) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (ErrorResponseException e) {
            if (!"NoSuchKey".equals(e.errorResponse().code())) throw e;
            throw FleetloopException.conflict("upload " + session.uploadId() + " has no assembled object; start a new upload");
        }
        return new Verified(size, HexFormat.of().formatHex(digest.digest()));
    }

    private UploadSessions.Session find(Caller caller, String taskId, String uploadId) {
        return sessions.find(caller.tenantId(), taskId, uploadId)
                .orElseThrow(() -> FleetloopException.notFound(RESOURCE, uploadId));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
