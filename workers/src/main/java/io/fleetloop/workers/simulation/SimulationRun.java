package io.fleetloop.workers.simulation;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.api.simulation.CompleteSimulationTaskCommand;
import io.fleetloop.api.simulation.FailSimulationTaskCommand;
import io.fleetloop.api.simulation.RecordSimulationItemCommand;
import io.fleetloop.api.simulation.SimulationJob;
import io.fleetloop.api.simulation.SimulationOutput;
import io.fleetloop.api.simulation.SimulationTaskCreatedEvent;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import io.fleetloop.workers.simulation.engine.EgoCan;
import io.fleetloop.workers.simulation.engine.SimulationEngine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 000 §5 steps 6–7: runs the engine for each item of a task, writes its files below the tenant's prefix
 * ({@code tenants/<t>/simulation/<task>/item-<n>/lidar.bin, ground-truth.json, trajectories.ndjson, can.log} and the
 * DBC once under {@code simulation/dbc/}) and records the item on the task (idempotent by index: a retried job writes
 * the same bytes to the same keys and records nothing twice). Stops early when the task was cancelled. Meters the
 * CPU seconds the engine used ({@code simulation-cpu-seconds}) and the items ({@code simulation-items}).
 */
@Component
class SimulationRun implements Job<SimulationJob> {

    private static final Logger log = LoggerFactory.getLogger(SimulationRun.class);

    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final SimulationEngine engine = new SimulationEngine();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    SimulationRun(PlatformObjectStore store, CommandGateway commands) {
        this.store = store;
        this.commands = commands;
    }

    @Override
    public String name() {
        return SimulationJob.NAME;
    }

    @Override
    public Class<SimulationJob> requestType() {
        return SimulationJob.class;
    }

    @Override
    public int maxTries() {
        return 3;
    }

    @Override
    public void run(SimulationJob job, JobContext context) throws Exception {
        SimulationTaskCreatedEvent task = job.created();
        MetaData metaData = MetaData.from(Map.of("operator", job.operator(), "tenantId", task.tenantId()));
        UsageSubject subject = UsageSubject.ofTask(task.tenantId(), LoopContext.SIM, task.taskId().value());
        String prefix = PlatformObjectStore.tenantPrefix(task.tenantId()) + "simulation/";
        int done = 0;
        double cpuSeconds = 0;
        try {
            SimulationOutput dbc = put(task.tenantId(), prefix + "dbc/" + EgoCan.DBC_NAME, "dbc", Modality.SIGNAL_DATABASE,
                    EgoCan.DBC.getBytes(StandardCharsets.US_ASCII));
            for (int index = 0; index < task.batchSize(); index++) {
                if (context.cancelled()) break;
                long cpuStart = threads.getCurrentThreadCpuTime();
                SimulationEngine.Item item = engine.generate(task.scenario().scenarioType(), task.scenario().scenarioParams(), task.seed(), index);
                double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                String itemPrefix = prefix + task.taskId().value() + String.format(Locale.ROOT, "/item-%05d/", index);
                List<SimulationOutput> outputs = new ArrayList<>();
                outputs.add(put(task.tenantId(), itemPrefix + "lidar.bin", "lidar", Modality.LIDAR, item.lidarBin()));
                outputs.add(put(task.tenantId(), itemPrefix + "ground-truth.json", "ground-truth", Modality.PERCEPTION, item.groundTruthJson()));
                outputs.add(put(task.tenantId(), itemPrefix + "trajectories.ndjson", "trajectories", Modality.GNSS, item.trajectoriesNdjson()));
                outputs.add(put(task.tenantId(), itemPrefix + "can.log", "can", Modality.CAN, item.candump()));
                outputs.add(dbc);
                boolean goOn = commands.sendAndWait(new RecordSimulationItemCommand(task.taskId(), task.tenantId(), index, outputs, cpu),
                        metaData);
                done = index + 1;
                cpuSeconds += cpu;
                context.progress(done, task.batchSize());
                if (!goOn) break;
            }
        } catch (Exception e) {
            log.warn("Simulation task {} failed at item {} (try {})", task.taskId(), done, context.attempt(), e);
            meter(context, subject, done, cpuSeconds);
            if (context.lastTry()) {
                commands.sendAndWait(new FailSimulationTaskCommand(task.taskId(), task.tenantId(), e.getMessage()), metaData);
                return;
            }
            throw e;
        }
        meter(context, subject, done, cpuSeconds);
        if (context.cancelled() && done < task.batchSize()) {
            // this worker is shutting down (a task's cancel stops the loop through the item command's answer instead):
            // the queue runs the job again, which goes on where the recorded items end
            throw new IllegalStateException("worker shutting down; simulation task " + task.taskId() + " resumes later");
        }
        commands.sendAndWait(new CompleteSimulationTaskCommand(task.taskId(), task.tenantId()), metaData);
    }

    private static void meter(JobContext context, UsageSubject subject, int items, double cpuSeconds) {
        if (items == 0) return;
        context.meter(subject, "simulation-cpu-seconds", Math.round(cpuSeconds * 1e6) / 1e6, "core-second");
        context.meter(subject, "simulation-items", items, "item");
    }

    private SimulationOutput put(String tenantId, String key, String kind, Modality modality, byte[] content) throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        store.put(key, new ByteArrayInputStream(content), content.length);
        return new SimulationOutput(AssetId.contentAddressed(tenantId, sha256), kind, modality, store.uri(key), content.length, sha256);
    }
}
