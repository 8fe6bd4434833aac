package io.fleetloop.command.diagnosis;

import io.fleetloop.command.objectstore.MultipartObjectStore;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.BatchStatus;
import io.fleetloop.api.diagnosis.CheckBatchUploadCommand;
import io.fleetloop.api.diagnosis.CompleteBatchUploadCommand;
import io.fleetloop.api.diagnosis.CreateLogBatchCommand;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.LogFileKind;
import io.fleetloop.api.diagnosis.RegisterBatchFileCommand;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Seed 004's write path: {@code POST /api/v1/batches} creates a batch; {@code POST /api/v1/batches/{id}/upload} streams
 * ONE file (the raw request body, never held whole) into an S3 multipart upload part by part, hashing it on the fly;
 * {@code POST /api/v1/batches/{id}/complete} starts scatter. Memory per upload is two part buffers whatever the file's
 * size. An upload is resumable by its file id: after each part the committed bytes and the sha256 state are saved; a
 * re-sent upload with {@code X-Upload-Offset} equal to the committed bytes continues, one without it restarts cleanly.
 * Nothing is registered on the batch until the whole file arrived and its size (and {@code X-Content-SHA256}, when
 * sent) match; an upload over the configured per-file limit is refused.
 */
@RestController
class LogBatchCommandController {

    static final String RESOURCE = "log batch";
    private static final Logger log = LoggerFactory.getLogger(LogBatchCommandController.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._=-]{1,200}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** How long a request waits for its batch's turn to send a command before it answers 503. */
    private static final java.time.Duration GATE_WAIT = java.time.Duration.ofSeconds(120);

    record CreateBatchRequest(@Size(max = 128) String vehicleId, @Size(max = 64) String vehiclePlatform, @Size(max = 64) String model,
                              @Size(max = 64) String firmwareVersion, @Size(max = 50) Map<String, String> testDrive) {
    }

    record BatchCreated(String batchId, String status) {
    }

    record FileUploaded(String batchId, String fileId, String fileName, String kind, long sizeBytes, String sha256,
                        String storagePath, boolean resumed) {
    }

    record UploadState(String batchId, String fileId, String status, long committedBytes, long partSize) {
    }

    record BatchCompleted(String batchId, String status) {
    }

    private final CommandGateway commands;
    private final BatchUploads uploads;
    private final MultipartObjectStore store;
    private final LogBatchProperties limits;
    private final Clock clock;
    private final int partSize;
    private final Set<String> streaming = ConcurrentHashMap.newKeySet();
    /**
     * One command at a time per batch from this controller. Axon begins a command's transaction (a pooled JDBC
     * connection) before it waits for the aggregate's lock, so 100 uploads to one batch sending their check or register
     * command at once held every pooled connection while waiting in line for the one batch, and the uploads' own
     * statements (their session rows) timed out on the pool: 500s. Waiting here holds no connection.
     */
    private final ReentrantLock[] batchGates = new ReentrantLock[64];

    LogBatchCommandController(CommandGateway commands, BatchUploads uploads, MultipartObjectStore store, LogBatchProperties limits, Clock clock,
                              @org.springframework.beans.factory.annotation.Value("${fleetloop.log-batches.part-bytes:5242880}") int partSize) {
        this.commands = commands;
        this.uploads = uploads;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.partSize = Math.max(5 << 20, partSize - partSize % 64);
        for (int i = 0; i < batchGates.length; i++) batchGates[i] = new ReentrantLock(true);
    }

    /** Sends a command to the batch's aggregate, waiting for this batch's gate first (see {@link #batchGates}). */
    private <R> R send(LogBatchId batch, Object command) {
        ReentrantLock gate = batchGates[Math.floorMod(batch.value().hashCode(), batchGates.length)];
        try {
            if (!gate.tryLock(GATE_WAIT.toSeconds(), TimeUnit.SECONDS)) throw busy("batch " + batch.value() + " is busy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted");
        }
        try {
            return commands.sendAndWait(command);
        } finally {
            gate.unlock();
        }
    }

    /** 503 with Retry-After: a busy moment, not a bad request; sent again later (an upload from the offset named) it goes on. */
    private static ErrorResponseException busy(String why) {
        ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, why + "; retry shortly"), null);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return busy;
    }

    @PostMapping("/api/v1/batches")
    ResponseEntity<BatchCreated> create(Caller caller, @Valid @RequestBody CreateBatchRequest request) {
        LogBatchId batchId = new LogBatchId(UUID.randomUUID().toString());
        String platform = request.vehiclePlatform() != null ? request.vehiclePlatform() : request.model();
        commands.sendAndWait(new CreateLogBatchCommand(batchId, caller.tenantId(), request.vehicleId(), platform,
                request.firmwareVersion(), request.testDrive()));
        return ResponseEntity.created(URI.create("/api/v1/batches/" + batchId)).body(new BatchCreated(batchId.value(), BatchStatus.PENDING.wire()));
    }

    @GetMapping("/api/v1/batches/{batchId}/uploads/{fileId}")
    UploadState uploadState(Caller caller, @PathVariable String batchId, @PathVariable String fileId) {
        BatchFile registered = send(new LogBatchId(batchId), new CheckBatchUploadCommand(new LogBatchId(batchId), caller.tenantId(), fileId, false));
        if (registered != null) return new UploadState(batchId, fileId, "uploaded", registered.sizeBytes(), partSize);
        return uploads.find(caller.tenantId(), batchId, fileId)
                .map(s -> new UploadState(batchId, fileId, "partial", s.committedBytes(), s.partSize()))
                .orElse(new UploadState(batchId, fileId, "none", 0, partSize));
    }

    @PostMapping("/api/v1/batches/{batchId}/upload")
    ResponseEntity<FileUploaded> upload(Caller caller, @PathVariable String batchId, HttpServletRequest request,
                                        @RequestParam(required = false) String fileId, @RequestParam(required = false) String fileName,
                                        @RequestParam(required = false) String kind,
                                        @RequestHeader(name = "X-Content-SHA256", required = false) String expectedSha,
                                        @RequestHeader(name = "X-File-Size", required = false) Long declaredSize,
                                        @RequestHeader(name = "X-Upload-Offset", required = false) Long offset) throws Exception {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // the servlet container may already have read such a body as form fields (curl --data-binary's default type)
            throw FleetloopException.invalid("Content-Type", "send the file as application/octet-stream, not as a form");
        }
        String id = fileId == null || fileId.isBlank() ? UUID.randomUUID().toString() : fileId;
        if (!SAFE_ID.matcher(id).matches()) throw FleetloopException.invalid("fileId", "1..128 letters, digits, '.', '_' or '-'");
        String name = fileName == null || fileName.isBlank() ? id : fileName;
        if (!SAFE_NAME.matcher(name).matches()) throw FleetloopException.invalid("fileName", "1..200 letters, digits, '.', '_', '=' or '-'");
        LogFileKind fileKind = kind(kind, name);
        if (expectedSha != null && !SHA256.matcher(expectedSha).matches()) {
            throw FleetloopException.invalid("X-Content-SHA256", "64 hex digits");
        }
        long contentLength = request.getContentLengthLong();
        long total = declaredSize != null ? declaredSize : -1;
        if (declaredSize != null && declaredSize < 0) throw FleetloopException.invalid("X-File-Size", "must not be negative");
        long start = offset == null ? 0 : offset;
        if (total > limits.maxFileBytes() || (contentLength >= 0 && start + contentLength > limits.maxFileBytes())) {
            throw FleetloopException.tooLarge("file", "larger than the limit of " + limits.maxFileBytes() + " bytes per file");
        }
        LogBatchId batch = new LogBatchId(batchId);
        BatchFile registered = send(batch, new CheckBatchUploadCommand(batch, caller.tenantId(), id, true));
        if (registered != null) {
            if (expectedSha != null && registered.sha256().equalsIgnoreCase(expectedSha)) {
                return ResponseEntity.ok(uploaded(batchId, registered, false));
            }
            throw FleetloopException.conflict("file " + id + " is already uploaded to batch " + batchId + "; use a new fileId");
        }
        String lock = batchId + "/" + id;
        if (!streaming.add(lock)) throw FleetloopException.conflict("file " + id + " is being uploaded right now");
        try {
            BatchUploads.Session session = open(caller, batchId, id, name, start);
            boolean resumed = session.committedBytes() > 0;
            Streamed streamed = stream(session, request.getInputStream());
            session = streamed.session();
            long size = session.committedBytes();
            if (total >= 0 && size != total) {
                // Truncated: what arrived in whole parts stays, so the client can resume from committedBytes.
                long resumable = uploads.find(caller.tenantId(), batchId, id).map(BatchUploads.Session::committedBytes).orElse(0L);
                throw FleetloopException.invalid("X-File-Size", "the upload is truncated: " + size + " of " + total + " bytes arrived"
                        + "; resend from X-Upload-Offset " + resumable + " or restart");
            }
            if (expectedSha != null && !expectedSha.equalsIgnoreCase(streamed.sha256())) {
                store.discard(session.objectKey(), session.storeUploadId());
                uploads.delete(batchId, id);
                throw FleetloopException.invalid("X-Content-SHA256", "the file's sha256 is " + streamed.sha256() + ", not " + expectedSha
                        + "; nothing was registered, upload it again");
            }
            if (size > limits.maxFileBytes()) { // a chunked body without a length can only be measured
                store.discard(session.objectKey(), session.storeUploadId());
                uploads.delete(batchId, id);
                throw FleetloopException.tooLarge("file", "larger than the limit of " + limits.maxFileBytes() + " bytes per file");
            }
            store.complete(session.objectKey(), session.storeUploadId(), session.parts().stream()
                    .map(p -> new MultipartObjectStore.StoredPart(p.partNumber(), p.etag(), p.size())).toList());
            BatchFile file = new BatchFile(id, name, fileKind, size, streamed.sha256(), store.uri(session.objectKey()));
            try {
                file = send(batch, new RegisterBatchFileCommand(batch, caller.tenantId(), file));
            } catch (RuntimeException refused) {
                store.discardObject(session.objectKey());
                uploads.delete(batchId, id);
                throw refused;
            }
            try {
                uploads.save(new BatchUploads.Session(session.batchId(), session.fileId(), session.tenantId(), session.objectKey(),
                        session.storeUploadId(), session.partSize(), List.of(), size, "done", BatchUploads.Status.DONE), clock.instant());
            } catch (DataAccessException e) {
                // the file is registered (the batch's events decide): an OPEN row left behind is never resumed, since a
                // registered file id answers before any session is read
                log.warn("Could not mark the upload of {} to batch {} done: {}", id, batchId, e.toString());
            }
            return ResponseEntity.created(URI.create("/api/v1/batches/" + batchId + "/uploads/" + id)).body(uploaded(batchId, file, resumed));
        } finally {
            streaming.remove(lock);
        }
    }

    @PostMapping("/api/v1/batches/{batchId}/complete")
    BatchCompleted complete(Caller caller, @PathVariable String batchId) {
        BatchStatus status = send(new LogBatchId(batchId), new CompleteBatchUploadCommand(new LogBatchId(batchId), caller.tenantId()));
        return new BatchCompleted(batchId, status.wire());
    }

    /** The session to stream into: a resumed one at {@code offset}, or a fresh multipart upload. */
    private BatchUploads.Session open(Caller caller, String batchId, String fileId, String fileName, long offset) throws Exception {
        var existing = uploads.find(caller.tenantId(), batchId, fileId).filter(s -> s.status() == BatchUploads.Status.OPEN);
        if (offset > 0) {
            BatchUploads.Session session = existing.orElseThrow(() -> FleetloopException.invalid("X-Upload-Offset",
                    "there is no partial upload of file " + fileId + " to resume; send the whole file without X-Upload-Offset"));
            if (session.committedBytes() != offset) {
                throw FleetloopException.invalid("X-Upload-Offset", "the partial upload of file " + fileId + " holds "
                        + session.committedBytes() + " bytes; resume from there");
            }
            return session;
        }
        existing.ifPresent(s -> store.discard(s.objectKey(), s.storeUploadId())); // restart cleanly
        String key = "tenants/" + caller.tenantId() + "/log-batches/" + batchId + "/" + fileId + "/" + fileName;
        BatchUploads.Session session = new BatchUploads.Session(batchId, fileId, caller.tenantId(), key, store.start(key), partSize,
                List.of(), 0, new ResumableSha256().state(), BatchUploads.Status.OPEN);
        try {
            uploads.save(session, clock.instant());
        } catch (RuntimeException unsaved) {
            store.discard(key, session.storeUploadId()); // no multipart upload left behind that no session row names
            throw unsaved;
        }
        return session;
    }

    private record Streamed(BatchUploads.Session session, String sha256) {
    }

    /** Sends parts to the store while the next part is read; bounded by the request threads (one part in flight per upload). */
    private static final java.util.concurrent.ExecutorService PART_SENDERS = java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "log-batch-part-upload");
        thread.setDaemon(true);
        return thread;
    });

    /** A part handed to the store and not yet committed: its number, length, the sha256 state after it, and the pending etag. */
    private record InFlight(int number, int length, String shaState, java.util.concurrent.Future<String> etag) {
    }

    /**
     * Reads the body into a part buffer while the previous part is being sent to the store (two buffers per upload, so
     * memory stays constant whatever the file size, and the socket is read while the store writes). Each part is committed
     * (parts, bytes, sha256 state after it) once the store acknowledged it and before the next one is sent, so a broken
     * connection loses at most the parts in flight; the last part is uploaded but committed only with the file.
     */
    private Streamed stream(BatchUploads.Session session, InputStream in) throws Exception {
        ResumableSha256 sha = ResumableSha256.restore(session.shaState());
        List<BatchUploads.Part> parts = new ArrayList<>(session.parts());
        long[] committed = {session.committedBytes()};
        byte[] reading = new byte[(int) session.partSize()];
        byte[] spare = new byte[(int) session.partSize()];
        InFlight inFlight = null;
        try {
            while (true) {
                int filled = 0;
                try {
                    // hashed as it arrives, so the digest runs while the socket fills rather than in a pause after each part
                    for (int n; filled < reading.length && (n = in.read(reading, filled, reading.length - filled)) > 0; filled += n) {
                        sha.update(reading, filled, n);
                    }
                } catch (IOException broken) {
                    if (inFlight != null) {
                        session = commit(session, parts, inFlight, committed);
                        inFlight = null;
                    }
                    throw FleetloopException.invalid("body", "the upload broke off after " + (committed[0] + filled) + " bytes ("
                            + broken.getMessage() + "); resume from X-Upload-Offset " + committed[0]);
                }
                long arrived = committed[0] + (inFlight == null ? 0 : inFlight.length()) + filled;
                if (arrived > limits.maxFileBytes()) {
                    if (inFlight != null) await(inFlight.etag());
                    inFlight = null;
                    store.discard(session.objectKey(), session.storeUploadId());
                    uploads.delete(session.batchId(), session.fileId());
                    throw FleetloopException.tooLarge("file", "larger than the limit of " + limits.maxFileBytes() + " bytes per file");
                }
                boolean last = filled < reading.length;
                boolean send = filled > 0 || (parts.isEmpty() && inFlight == null);
                String stateAfter = null;
                if (send && !last) stateAfter = sha.state(); // a full part ends at a 64-byte boundary
                if (inFlight != null) {
                    session = commit(session, parts, inFlight, committed);
                    inFlight = null;
                }
                if (send) {
                    int number = parts.size() + 1;
                    byte[] buffer = reading;
                    int length = filled;
                    BatchUploads.Session target = session;
                    inFlight = new InFlight(number, length, stateAfter, PART_SENDERS.submit(
                            () -> store.uploadPartUnsigned(target.objectKey(), target.storeUploadId(), number, buffer, length)));
                    reading = spare;
                    spare = buffer;
                }
                if (last) {
                    if (inFlight != null) {
                        parts.add(new BatchUploads.Part(inFlight.number(), await(inFlight.etag()), inFlight.length()));
                        committed[0] += inFlight.length();
                        inFlight = null;
                    }
                    BatchUploads.Session done = new BatchUploads.Session(session.batchId(), session.fileId(), session.tenantId(),
                            session.objectKey(), session.storeUploadId(), session.partSize(), List.copyOf(parts), committed[0], session.shaState(),
                            BatchUploads.Status.OPEN);
                    return new Streamed(done, sha.hex());
                }
            }
        } finally {
            if (inFlight != null) inFlight.etag().cancel(false);
        }
    }

    /** Waits for the part in flight and saves it as committed (parts, bytes, sha256 state after it). */
    private BatchUploads.Session commit(BatchUploads.Session session, List<BatchUploads.Part> parts, InFlight part, long[] committed)
            throws Exception {
        parts.add(new BatchUploads.Part(part.number(), await(part.etag()), part.length()));
        committed[0] += part.length();
        BatchUploads.Session saved = new BatchUploads.Session(session.batchId(), session.fileId(), session.tenantId(), session.objectKey(),
                session.storeUploadId(), session.partSize(), List.copyOf(parts), committed[0], part.shaState(), BatchUploads.Status.OPEN);
        try {
            uploads.save(saved, clock.instant());
        } catch (DataAccessException unsaved) {
            // the part is in the store, but only what was saved before counts: the client resumes from there
            throw busy("could not record the upload's progress (" + unsaved.getClass().getSimpleName() + "); resume from X-Upload-Offset "
                    + session.committedBytes());
        }
        return saved;
    }

    private static <T> T await(java.util.concurrent.Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private static LogFileKind kind(String kind, String name) {
        if (kind == null || kind.isBlank()) return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? LogFileKind.SIGNAL_CSV : LogFileKind.TEXT_LOG;
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "text", "text_log", "log" -> LogFileKind.TEXT_LOG;
            case "csv", "signal_csv", "signals" -> LogFileKind.SIGNAL_CSV;
            default -> throw FleetloopException.invalid("kind", "text or csv");
        };
    }

    private static FileUploaded uploaded(String batchId, BatchFile file, boolean resumed) {
        return new FileUploaded(batchId, file.fileId(), file.fileName(), file.kind().name().toLowerCase(Locale.ROOT), file.sizeBytes(),
                file.sha256(), file.storagePath(), resumed);
    }
}
