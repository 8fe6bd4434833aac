package io.fleetloop.edge.collect;

import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.edge.ota.DdiClient;
import io.fleetloop.formats.synthetic.SyntheticDrive;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fleet simulator of edge collection ({@code edge-agent fleet --collect}): N simulated vehicles in one process,
 * each replaying its own generated drive (seed {@code seed * 1000 + i}), polling the platform for its rules, triggering,
 * compressing, uploading straight to the store and reporting — reproducible by seed. The devices must be registered
 * (or the tenant auto-creates targets) and speak through the tenant's gateway token.
 */
public final class CollectionFleet {

    public record Options(URI server, String tenant, DdiAuth auth, int devices, String idPrefix, int idWidth, long seed,
                          int driveSeconds, double takeoversPerHour, Path spoolRoot, CollectionAgent.Options agent, int threads,
                          Integer urlExpirySeconds, double intervalSeconds, long startEpochSeconds) {

        public String deviceId(int index) {
            return idPrefix + String.format("%0" + idWidth + "d", index);
        }
    }

    public record Result(int devices, long triggers, long reported, long failed, double km, long bytesSent, long samples,
                         long peakRingBytes, List<String> errors) {
    }

    private CollectionFleet() {
    }

    public static Result run(Options options, PrintStream status) throws InterruptedException {
        return run(options, status, new ClipUploader.Progress());
    }

    /** As {@link #run(Options, PrintStream)}, counting into {@code progress} (e.g. with an {@code onLanded} listener). */
    public static Result run(Options options, PrintStream status, ClipUploader.Progress progress) throws InterruptedException {
        HttpClient http = DdiClient.newHttpClient();
        DdiClient ddi = new DdiClient(http, options.server(), options.tenant(), options.auth());
        List<CollectionDevice> devices = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.threads(), options.devices())));
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 1; i <= options.devices(); i++) {
            int index = i;
            runs.add(pool.submit(() -> {
                String id = options.deviceId(index);
                try {
                    Spool spool = new Spool(options.spoolRoot().resolve(id), options.agent().spoolCapBytes());
                    CollectionAgent agent = new CollectionAgent(options.agent(), SyntheticDrive.dbcFile(), SignalNames.defaults(), spool);
                    CollectionDevice device = new CollectionDevice(ddi, id, agent, progress, options.urlExpirySeconds(), options.intervalSeconds());
                    devices.add(device);
                    try (SignalSource drive = SimulatedDrive.of(options.startEpochSeconds(), options.driveSeconds(),
                            options.seed() * 1000 + index, options.takeoversPerHour())) {
                        device.run(drive);
                    }
                    if (device.lastError() != null) errors.add(id + ": " + device.lastError());
                } catch (IOException | RuntimeException e) {
                    errors.add(id + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        pool.shutdown();
        while (!pool.awaitTermination(250, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (status != null) status.print("\r" + line(devices, progress, options.devices()));
        }
        for (Future<?> run : runs) {
            try {
                run.get();
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add(String.valueOf(e.getCause()));
            }
        }
        if (status != null) status.println("\r" + line(devices, progress, options.devices()));
        long triggers = 0, samples = 0, peak = 0;
        double km = 0;
        synchronized (devices) {
            for (CollectionDevice d : devices) {
                triggers += d.agent().totalTriggers();
                samples += d.agent().samples();
                km += d.agent().totalKm();
                peak = Math.max(peak, d.agent().ring().peakBytes());
            }
        }
        return new Result(options.devices(), triggers, progress.clipsReported.get(), progress.clipsFailed.get(), km,
                progress.bytesSent.get(), samples, peak, List.copyOf(errors));
    }

    /** The status line: devices, triggers, clips reported, bytes uploaded, as a bar of clips reported against triggers. */
    static String line(List<CollectionDevice> devices, ClipUploader.Progress progress, int total) {
        long triggers = 0;
        synchronized (devices) {
            for (CollectionDevice d : devices) triggers += d.agent().totalTriggers();
        }
        long reported = progress.clipsReported.get();
        int width = 24;
        int filled = triggers == 0 ? 0 : (int) Math.min(width, reported * width / triggers);
        return String.format(Locale.ROOT, "[%s%s] devices %d/%d  triggers %d  clips reported %d  uploaded %.1f MB%s",
                "#".repeat(filled), ".".repeat(width - filled), devices.size(), total, triggers, reported,
                progress.bytesSent.get() / 1e6, progress.lastError == null ? "" : "  last error: " + progress.lastError);
    }
}
