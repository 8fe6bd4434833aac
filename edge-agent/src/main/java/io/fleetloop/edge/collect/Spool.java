package io.fleetloop.edge.collect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fleetloop.ddi.json.model.DdiJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The device's local spool of cut clips, waiting for upload: one folder per clip ({@code <seq>-<triggerId>}) with its
 * files and {@code clip.json} — what the clip is and how far its upload got (upload id and parts sent per file), written
 * atomically after every step, so a restart after a power cut continues where it stopped. The spool has a size cap:
 * when a new clip makes it exceed the cap, the oldest clips are evicted first (counted). A reported clip is removed.
 */
public final class Spool {

    public static final String STATE = "clip.json";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ClipFile(String name, long size, String sha256, String uploadId, List<Integer> partsDone, String storagePath,
                           boolean completed) {

        ClipFile withUpload(String id) {
            return new ClipFile(name, size, sha256, id, partsDone, storagePath, completed);
        }

        ClipFile withPart(int part) {
            List<Integer> done = new ArrayList<>(partsDone == null ? List.of() : partsDone);
            if (!done.contains(part)) done.add(part);
            return new ClipFile(name, size, sha256, uploadId, done, storagePath, completed);
        }

        ClipFile completedAt(String path) {
            return new ClipFile(name, size, sha256, uploadId, partsDone, path, true);
        }
    }

    /** Per modality: samples, the bytes they took at the source, the bytes stored, and the ratio. */
    public record ModalityRatio(long samples, long rawBytes, long storedBytes, double ratio) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Clip(String folder, String flowId, String triggerId, String kind, String triggerTime, String ruleVersion,
                       List<ClipFile> files, Map<String, ModalityRatio> ratios, String status, String error, String dictionary) {

        /** A clip written without a trained dictionary. */
        public Clip(String folder, String flowId, String triggerId, String kind, String triggerTime, String ruleVersion,
                    List<ClipFile> files, Map<String, ModalityRatio> ratios, String status, String error) {
            this(folder, flowId, triggerId, kind, triggerTime, ruleVersion, files, ratios, status, error, null);
        }

        public long bytes() {
            return files.stream().mapToLong(ClipFile::size).sum();
        }

        Clip with(List<ClipFile> nextFiles, String nextStatus, String nextError) {
            return new Clip(folder, flowId, triggerId, kind, triggerTime, ruleVersion, nextFiles, ratios, nextStatus, nextError, dictionary);
        }
    }

    private final Path dir;
    private final long capBytes;
    private long sequence;
    private long evicted;

    public Spool(Path dir, long capBytes) throws IOException {
        this.dir = dir;
        this.capBytes = capBytes;
        Files.createDirectories(dir);
        for (Clip clip : clips()) {
            sequence = Math.max(sequence, Long.parseLong(clip.folder().substring(0, clip.folder().indexOf('-'))));
        }
        // Folders a crash left without clip.json (files half written) are dropped.
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                if (Files.isDirectory(p) && !Files.exists(p.resolve(STATE))) deleteFolder(p);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public long capBytes() {
        return capBytes;
    }

    public synchronized long evicted() {
        return evicted;
    }

    /** Adds a clip (its files, then its state), then evicts the oldest clips while the spool is over its cap. */
    public synchronized Clip add(Clip meta, Map<String, byte[]> files) throws IOException {
        for (Clip existing : clips()) {
            if (existing.triggerId().equals(meta.triggerId())) return existing; // cut again after a restart: kept once
        }
        String folder = String.format("%012d-%s", ++sequence, meta.triggerId());
        Path target = dir.resolve(folder);
        Files.createDirectories(target);
        for (var f : files.entrySet()) Files.write(target.resolve(f.getKey()), f.getValue());
        Clip clip = new Clip(folder, meta.flowId(), meta.triggerId(), meta.kind(), meta.triggerTime(), meta.ruleVersion(), meta.files(),
                meta.ratios(), "SPOOLED", null, meta.dictionary());
        save(clip);
        evict();
        return clip;
    }

    /** The clips in the spool, oldest first. */
    public synchronized List<Clip> clips() {
        List<Clip> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.sorted(Comparator.comparing(Path::getFileName)).toList()) {
                Path state = p.resolve(STATE);
                if (!Files.isRegularFile(state)) continue;
                try {
                    out.add(DdiJson.MAPPER.readValue(Files.readAllBytes(state), Clip.class));
                } catch (IOException e) {
                    // unreadable state: left for eviction
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public synchronized long bytes() {
        return clips().stream().mapToLong(Clip::bytes).sum();
    }

    public Path file(Clip clip, String name) {
        return dir.resolve(clip.folder()).resolve(name);
    }

    public synchronized void save(Clip clip) throws IOException {
        Path folder = dir.resolve(clip.folder());
        if (!Files.isDirectory(folder)) return; // evicted meanwhile
        Path tmp = folder.resolve(STATE + ".tmp");
        Files.write(tmp, DdiJson.MAPPER.writeValueAsBytes(clip));
        Files.move(tmp, folder.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public synchronized void remove(Clip clip) throws IOException {
        deleteFolder(dir.resolve(clip.folder()));
    }

    private void evict() throws IOException {
        List<Clip> all = clips();
        long total = all.stream().mapToLong(Clip::bytes).sum();
        for (Clip oldest : all) {
            if (total <= capBytes) break;
            deleteFolder(dir.resolve(oldest.folder()));
            total -= oldest.bytes();
            evicted++;
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
