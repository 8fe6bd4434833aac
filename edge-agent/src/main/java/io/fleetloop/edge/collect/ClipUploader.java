package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiClipUpload;
import io.fleetloop.ddi.json.model.DdiClipUploadRequest;
import io.fleetloop.ddi.json.model.DdiCollectionTriggered;
import io.fleetloop.edge.ota.DdiClient;
import io.fleetloop.edge.ota.DdiException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads the spool's clips straight to the object store and reports them: per file, open (or resume) the upload —
 * the platform answers short-lived presigned part URLs for the parts the store does not have yet — PUT each part,
 * recording it in the clip's state; complete (the platform checks size and sha256); when every file is in, report
 * {@code DataFlowTriggered} and remove the clip. A crash at any point resumes from the clip's state and the store's
 * received parts. A clip the platform refuses (4xx other than 401/429) is marked FAILED and left to eviction.
 */
public final class ClipUploader {

    /** The platform and store calls (a DDI client in production; a fake in tests). */
    public interface Channel {
        DdiClipUpload open(DdiClipUploadRequest request) throws IOException, InterruptedException;

        String putPart(String url, byte[] bytes) throws IOException, InterruptedException;

        DdiClipUpload complete(String uploadId) throws IOException, InterruptedException;

        void report(DdiCollectionTriggered report) throws IOException, InterruptedException;

        static Channel of(DdiClient ddi, String controllerId, Integer urlExpirySeconds) {
            return new Channel() {
                @Override
                public DdiClipUpload open(DdiClipUploadRequest request) throws IOException, InterruptedException {
                    return ddi.openClipUpload(controllerId, new DdiClipUploadRequest(request.flowId(), request.triggerId(),
                            request.fileName(), request.size(), request.sha256(), urlExpirySeconds));
                }

                @Override
                public String putPart(String url, byte[] bytes) throws IOException, InterruptedException {
                    return ddi.putPart(url, bytes);
                }

                @Override
                public DdiClipUpload complete(String uploadId) throws IOException, InterruptedException {
                    return ddi.completeClipUpload(controllerId, uploadId);
                }

                @Override
                public void report(DdiCollectionTriggered report) throws IOException, InterruptedException {
                    ddi.reportTrigger(controllerId, report);
                }
            };
        }
    }

    /** Upload progress (bytes of parts sent against the bytes of the clips seen), clips reported and failed. */
    public static final class Progress {
        public final AtomicLong bytesTotal = new AtomicLong();
        public final AtomicLong bytesSent = new AtomicLong();
        public final AtomicLong partsSent = new AtomicLong();
        public final AtomicLong clipsReported = new AtomicLong();
        public final AtomicLong clipsFailed = new AtomicLong();
        public volatile String lastError;
        /** Told each object's storage path the moment the store has it whole (upload completed); null for nobody. */
        public volatile java.util.function.Consumer<String> onLanded;
    }

    private final Spool spool;
    private final Channel channel;
    private final Progress progress;

    public ClipUploader(Spool spool, Channel channel, Progress progress) {
        this.spool = spool;
        this.channel = channel;
        this.progress = progress;
    }

    public Progress progress() {
        return progress;
    }

    /**
     * One pass over the spool, oldest clip first. @return the number of clips reported in this pass; an IO error (offline,
     * store refusing an expired URL) stops the pass, leaving the state for the next one.
     */
    public int uploadPending() throws InterruptedException {
        int reported = 0;
        for (Spool.Clip clip : spool.clips()) {
            if ("FAILED".equals(clip.status())) continue;
            try {
                if (upload(clip)) reported++;
            } catch (DdiException e) {
                progress.lastError = e.getMessage();
                if (e.status() / 100 == 4 && e.status() != 401 && e.status() != 429 && e.status() != 408) {
                    try {
                        spool.save(clip.with(clip.files(), "FAILED", e.getMessage()));
                    } catch (IOException ignored) {
                        // the next pass tries again
                    }
                    progress.clipsFailed.incrementAndGet();
                    continue;
                }
                return reported;
            } catch (IOException e) {
                progress.lastError = e.getMessage();
                return reported;
            }
        }
        return reported;
    }

    private boolean upload(Spool.Clip clip) throws IOException, InterruptedException {
        List<Spool.ClipFile> files = new ArrayList<>(clip.files());
        Spool.Clip state = clip;
        for (int i = 0; i < files.size(); i++) {
            Spool.ClipFile file = files.get(i);
            if (file.completed()) continue;
            DdiClipUpload upload = channel.open(new DdiClipUploadRequest(clip.flowId(), clip.triggerId(), file.name(), file.size(),
                    file.sha256(), null));
            if (!upload.uploadId().equals(file.uploadId())) {
                file = file.withUpload(upload.uploadId());
                files.set(i, file);
                state = state.with(List.copyOf(files), "UPLOADING", null);
                spool.save(state);
            }
            if (!"COMPLETED".equals(upload.status())) {
                try (RandomAccessFile in = new RandomAccessFile(spool.file(clip, file.name()).toFile(), "r")) {
                    for (DdiClipUpload.Part part : upload.partsOrEmpty()) {
                        byte[] bytes = new byte[(int) part.size()];
                        in.seek((long) (part.partNumber() - 1) * upload.partSize());
                        in.readFully(bytes);
                        channel.putPart(part.url(), bytes);
                        progress.bytesSent.addAndGet(bytes.length);
                        progress.partsSent.incrementAndGet();
                        file = file.withPart(part.partNumber());
                        files.set(i, file);
                        state = state.with(List.copyOf(files), "UPLOADING", null);
                        spool.save(state);
                    }
                }
                upload = channel.complete(upload.uploadId());
            }
            java.util.function.Consumer<String> landed = progress.onLanded;
            if (landed != null) landed.accept(upload.storagePath());
            file = file.completedAt(upload.storagePath());
            files.set(i, file);
            state = state.with(List.copyOf(files), "UPLOADING", null);
            spool.save(state);
        }
        state = state.with(List.copyOf(files), "UPLOADED", null);
        spool.save(state);
        channel.report(new DdiCollectionTriggered(clip.flowId(), clip.triggerId(), clip.kind(), clip.triggerTime(), clip.ruleVersion(),
                files.stream().map(Spool.ClipFile::storagePath).toList(), clip.dictionary()));
        spool.remove(state);
        progress.clipsReported.incrementAndGet();
        return true;
    }
}
