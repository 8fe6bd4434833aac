package io.fleetloop.edge.ota;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N simulated devices in one process, for load tests, benchmarks and other modules' tests. One scheduler thread
 * times the polls and a bounded worker pool runs them over one shared {@link HttpClient}, so 100,000 devices need
 * no more threads than 10. Each device downloads its artifact through a sha256 digest (nothing is kept) and
 * verifies signature, addressee, counter and hash as a real device does.
 *
 * <pre>{@code
 * try (Fleet fleet = Fleet.start(FleetOptions.of(server, "acme", gatewayToken, 1000).withFailureRate(0.05))) {
 *     ... fleet.stats().installed() ...
 * }
 * }</pre>
 */
public final class Fleet implements AutoCloseable {

    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(5);

    private final FleetOptions options;
    private final DdiClient ddi;
    private final List<SimulatedDevice> devices;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private volatile boolean closed;

    private Fleet(FleetOptions options, DdiClient ddi, PublicKey publicKey) {
        this.options = options;
        this.ddi = ddi;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleet-scheduler"));
        this.workers = Executors.newFixedThreadPool(options.threads(), daemon("fleet-device"));
        this.devices = new ArrayList<>(options.devices());
        OtaListener listener = this::onState;
        Map<String, String> attributes = Map.of("deviceType", options.deviceType(), "agent", "fleetloop-edge-agent",
                "simulated", "true");
        for (int i = 1; i <= options.devices(); i++) {
            String controllerId = options.controllerId(i);
            SimulatedDevice device = new SimulatedDevice(controllerId, options);
            device.agent = new OtaAgent(ddi, controllerId, new ManifestVerifier(publicKey, controllerId, options.deviceType()),
                    device, attributes, listener, options.pollInterval());
            devices.add(device);
        }
    }

    /** Fetches the signing key if none was given, then starts polling, the first polls spread over one interval. */
    public static Fleet start(FleetOptions options) throws IOException, InterruptedException {
        HttpClient http = DdiClient.newHttpClient();
        String pem = options.publicKeyPem() != null ? options.publicKeyPem() : DdiClient.fetchSigningKey(http, options.signingKeyUrl());
        DdiClient ddi = new DdiClient(http, options.server(), options.tenant(), DdiAuth.gatewayToken(options.gatewayToken()));
        Fleet fleet = new Fleet(options, ddi, PublicKeys.ed25519FromPem(pem));
        long spreadNanos = (options.pollInterval() != null ? options.pollInterval() : Duration.ofSeconds(1)).toNanos();
        for (int i = 0; i < fleet.devices.size(); i++) {
            fleet.schedule(fleet.devices.get(i), spreadNanos * i / fleet.devices.size());
        }
        return fleet;
    }

    public FleetOptions options() {
        return options;
    }

    public List<String> controllerIds() {
        return devices.stream().map(SimulatedDevice::controllerId).toList();
    }

    public FleetStats stats() {
        Map<DeviceState, Integer> states = new EnumMap<>(DeviceState.class);
        Map<String, String> versions = new HashMap<>();
        Map<String, String> refusals = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        Map<String, Integer> installs = new HashMap<>();
        for (SimulatedDevice device : devices) {
            if (device.installs.get() > 0) {
                installs.put(device.controllerId(), device.installs.get());
            }
            states.merge(device.state, 1, Integer::sum);
            String version = device.installedVersion();
            if (version != null) {
                versions.put(device.controllerId(), version);
            }
            if (device.refusal != null) {
                refusals.put(device.controllerId(), device.refusal);
            }
            if (device.error != null) {
                errors.put(device.controllerId(), device.error);
            }
        }
        return new FleetStats(devices.size(), states, versions, ddi.reportsSent(), ddi.bytesDownloaded(), refusals, errors, installs);
    }

    /**
     * Stops polling. A poll cycle in flight may finish for up to 10 s — so a device already counted as done has sent its
     * final report (the state is counted just before the report goes out) — then it is interrupted (its action stays
     * open on the server).
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(SimulatedDevice device, long delayNanos) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(() -> submit(device), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void submit(SimulatedDevice device) {
        try {
            workers.execute(() -> runCycle(device));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void runCycle(SimulatedDevice device) {
        if (closed) {
            return;
        }
        Duration sleep;
        try {
            sleep = device.agent.cycle();
            device.error = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            device.error = ErrorText.of(e);
            sleep = options.pollInterval() != null ? options.pollInterval() : ERROR_BACKOFF;
        }
        schedule(device, sleep.toNanos());
    }

    private void onState(String controllerId, DeviceState state, String detail) {
        SimulatedDevice device = devices.get(indexOf(controllerId));
        device.state = state;
        if (state == DeviceState.REFUSED) {
            device.refusal = detail;
        }
    }

    private int indexOf(String controllerId) {
        return Integer.parseInt(controllerId.substring(options.idPrefix().length())) - 1;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
