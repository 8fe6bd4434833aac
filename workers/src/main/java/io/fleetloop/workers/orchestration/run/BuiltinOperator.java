package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's own operators ({@code spec.job}): {@code noop}, {@code echo} (outputs = inputs and parameters),
 * {@code fail} (for tests), {@code sleep} ({@code millis}, stops when cancelled), {@code register-asset} (an object of
 * the tenant's as a catalog asset) and {@code ingest} (starts an ingestion task). Other platform jobs are not available
 * as nodes yet and fail clearly.
 */
@Component
class BuiltinOperator implements NodeOperator {

    private final CommandGateway commands;
    private final PlatformObjectStore store;
    private final Clock clock;

    BuiltinOperator(CommandGateway commands, PlatformObjectStore store, Clock clock) {
        this.commands = commands;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.BUILTIN;
    }

    @Override
    public NodeResult execute(NodeCall call) throws Exception {
        String job = String.valueOf(call.spec().getOrDefault("job", call.node().operator().operatorId()));
        return switch (job) {
            // the catalogue (BuiltinOperators) declares the output "out" for both
            case "noop" -> NodeResult.of(Map.of("out", "done"));
            case "echo" -> {
                Map<String, Object> outputs = new LinkedHashMap<>(call.inputsAndParameters());
                outputs.putIfAbsent("out", new LinkedHashMap<>(call.inputsAndParameters()));
                yield NodeResult.of(outputs);
            }
            case "fail" -> throw new NodeFailure(String.valueOf(call.parameters().getOrDefault("message", "the fail operator failed, as asked")));
            case "sleep" -> sleep(call);
            case "register-asset" -> registerAsset(call);
            case "ingest" -> ingest(call);
            default -> throw new NodeFailure("built-in operator '" + job + "' is not available as a workflow node yet");
        };
    }

    private NodeResult sleep(NodeCall call) throws NodeFailure, InterruptedException {
        long millis = number(call.inputsAndParameters().get("millis"), "millis");
        long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        long limit = System.nanoTime() + call.timeout().toNanos();
        while (System.nanoTime() < end) {
            if (call.job().cancelled()) throw new NodeFailure("cancelled while sleeping");
            if (System.nanoTime() > limit) throw new NodeFailure("timed out after " + call.timeout());
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        return NodeResult.of(Map.of("sleptMillis", millis));
    }

    /** Registers an object under the tenant's prefix ({@code key}) as an asset of {@code modality} (default OTHER). */
    private NodeResult registerAsset(NodeCall call) throws Exception {
        Map<String, Object> args = call.inputsAndParameters();
        Object keyValue = args.get("key");
        if (keyValue instanceof Map<?, ?> artifact && artifact.get("key") != null) keyValue = artifact.get("key");
        if (keyValue == null) throw new NodeFailure("register-asset needs 'key', the object key under the tenant's prefix");
        String key = String.valueOf(keyValue);
        if (!key.startsWith(PlatformObjectStore.tenantPrefix(call.tenantId())) || key.contains("..")) {
            throw new NodeFailure("register-asset: key '" + key + "' is not under the tenant's prefix");
        }
        Modality modality;
        try {
            modality = Modality.valueOf(String.valueOf(args.getOrDefault("modality", "OTHER")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("register-asset: unknown modality '" + args.get("modality") + "'");
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build());
             InputStream in = object) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; size += n) sha256.update(buffer, 0, n);
        } catch (io.minio.errors.ErrorResponseException e) {
            throw new NodeFailure("register-asset: no object '" + key + "'");
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        AssetId assetId = AssetId.contentAddressed(call.tenantId(), digest);
        commands.sendAndWait(new RegisterAssetCommand(assetId, call.tenantId(), new DataSourceId("workflow-" + call.queued().workflowId().value()),
                new IngestionTaskId("workflow-run-" + call.queued().runId().value()), store.uri(key), size, digest, modality, clock.instant(),
                Map.of("workflowRun", call.queued().runId().value(), "workflowNode", call.queued().nodeId())), call.metaData());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("assetId", assetId.value());
        outputs.put("sizeBytes", size);
        outputs.put("sha256", digest);
        return NodeResult.of(outputs);
    }

    /** Starts an existing ingestion task of the tenant ({@code taskId}). */
    private NodeResult ingest(NodeCall call) throws NodeFailure {
        Object taskId = call.inputsAndParameters().get("taskId");
        if (taskId == null) throw new NodeFailure("ingest needs 'taskId', an ingestion task of the tenant");
        try {
            commands.sendAndWait(new StartIngestionCommand(new IngestionTaskId(String.valueOf(taskId)), call.tenantId()), call.metaData());
        } catch (RuntimeException e) {
            throw new NodeFailure("ingest: the ingestion task " + taskId + " did not start: " + e.getMessage());
        }
        return NodeResult.of(Map.of("taskId", String.valueOf(taskId), "started", true));
    }

    static long number(Object value, String name) throws NodeFailure {
        if (value instanceof Number n) return n.longValue();
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new NodeFailure("parameter '" + name + "' must be a number, not '" + value + "'");
        }
    }
}
