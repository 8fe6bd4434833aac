package io.fleetloop.command.ota.ddi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.ddi.json.model.DdiActionFeedback;
import io.fleetloop.ddi.json.model.DdiActionHistory;
import io.fleetloop.ddi.json.model.DdiArtifact;
import io.fleetloop.ddi.json.model.DdiArtifactHash;
import io.fleetloop.ddi.json.model.DdiCancel;
import io.fleetloop.ddi.json.model.DdiCancelActionToStop;
import io.fleetloop.ddi.json.model.DdiChunk;
import io.fleetloop.ddi.json.model.DdiConfig;
import io.fleetloop.ddi.json.model.DdiConfigData;
import io.fleetloop.ddi.json.model.DdiContractException;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.json.model.DdiDeployment;
import io.fleetloop.ddi.json.model.DdiDeployment.HandlingType;
import io.fleetloop.ddi.json.model.DdiDeploymentBase;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiLink;
import io.fleetloop.ddi.json.model.DdiMaintenanceWindowStatus;
import io.fleetloop.ddi.json.model.DdiMetadata;
import io.fleetloop.ddi.json.model.DdiPolling;
import io.fleetloop.ddi.json.model.DdiResult.FinalResult;
import io.fleetloop.ddi.json.model.DdiStatus;
import io.fleetloop.ddi.json.model.DdiStatus.ExecutionStatus;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.AttributeUpdateMode;
import io.fleetloop.api.ota.UpdateDeviceAttributesCommand;
import io.fleetloop.api.ota.ConfirmCancelCommand;
import io.fleetloop.api.ota.DeviceReport;
import io.fleetloop.api.ota.ReleaseType;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.command.ota.MaintenanceWindows;
import io.fleetloop.command.ota.device.DeviceDirectory;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The device side of OTA, compatible with the Eclipse hawkBit DDI API v1 (see docs/ota-device-protocol.md): base
 * poll, deploymentBase (one chunk per software module) with a signed manifest in each chunk's metadata, artifact download with HTTP ranges, feedback,
 * configData and cancelAction. Devices authenticate with {@code TargetToken} or their tenant's {@code GatewayToken}.
 */
@RestController
@RequestMapping(DdiRestConstants.BASE_V1_REQUEST_MAPPING + DdiRestConstants.CONTROLLER)
class DdiController {

    private static final String HAL_JSON = DdiRestConstants.MEDIA_TYPE_HAL_JSON;

    private final DdiAuthentication authentication;
    private final DdiActions actions;
    private final DeviceDirectory devices;
    private final ManifestKey key;
    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final DeviceReportBatcher reports;
    private final PollingIntervals polling;
    private final ObjectMapper json;
    private final Clock clock;

    DdiController(DdiAuthentication authentication, DdiActions actions, DeviceDirectory devices, ManifestKey key, PlatformObjectStore store,
                  CommandGateway commands, DeviceReportBatcher reports, PollingIntervals polling, ObjectMapper json, Clock clock) {
        this.authentication = authentication;
        this.actions = actions;
        this.devices = devices;
        this.key = key;
        this.store = store;
        this.commands = commands;
        this.reports = reports;
        this.polling = polling;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping(produces = {HAL_JSON, MediaType.APPLICATION_JSON_VALUE})
    DdiControllerBase poll(@PathVariable String tenant, @PathVariable String controllerId,
                           @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        actions.polled(tenant, controllerId, clock.instant());
        String base = base(tenant, controllerId) + "/";
        Map<String, DdiLink> links = new LinkedHashMap<>();
        DdiActions.Current current = actions.current(tenant, controllerId);
        Optional<DdiActions.Action> next = current.next();
        next.ifPresent(action -> {
            if ("CANCELING".equals(action.status())) {
                links.put(DdiRestConstants.CANCEL_ACTION, new DdiLink(base + DdiRestConstants.CANCEL_ACTION + "/" + action.actionId()));
            } else {
                // The query part changes when the action does, so that a client caching by URL fetches it again (as hawkBit's c=).
                links.put(DdiRestConstants.DEPLOYMENT_BASE_ACTION, new DdiLink(base + DdiRestConstants.DEPLOYMENT_BASE_ACTION + "/"
                        + action.actionId() + "?c=" + Long.toString(action.updatedAt().toEpochMilli() & 0x7fffffff, 36)));
            }
        });
        current.installed().ifPresent(action ->
                links.put(DdiRestConstants.INSTALLED_BASE_ACTION, new DdiLink(base + DdiRestConstants.INSTALLED_BASE_ACTION + "/" + action.actionId())));
        if (!device.attributesReported()) links.put(DdiRestConstants.CONFIG_DATA_ACTION, new DdiLink(base + DdiRestConstants.CONFIG_DATA_ACTION));
        // Fleetloop's edge collection rules (hawkBit clients ignore links they do not know); versioned, fetched on change.
        links.put(DdiRestConstants.COLLECTION_RULES_ACTION, new DdiLink(base + DdiRestConstants.COLLECTION_RULES_PATH));
        return new DdiControllerBase(new DdiConfig(DdiPolling.of(polling.sleep(tenant, next.isPresent()))), links);
    }

    @GetMapping(value = DdiRestConstants.DEPLOYMENT_BASE, produces = {HAL_JSON, MediaType.APPLICATION_JSON_VALUE})
    DdiDeploymentBase deploymentBase(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                                     @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        return deployment(tenant, controllerId, device, action(tenant, controllerId, actionId));
    }

    /** The action that put the device's current software on it, as hawkBit serves it: the same shape as deploymentBase. */
    @GetMapping(value = DdiRestConstants.INSTALLED_BASE, produces = {HAL_JSON, MediaType.APPLICATION_JSON_VALUE})
    DdiDeploymentBase installedBase(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = action(tenant, controllerId, actionId);
        if (!"SUCCEEDED".equals(action.status())) throw FleetloopException.notFound("installed action", actionId);
        return deployment(tenant, controllerId, device, action);
    }

    /**
     * The action's chunks: the main module (part {@code os} for FOTA, else {@code bApp}), then the release's further
     * modules in order. Each chunk carries its own signed manifest naming its artifact; with several chunks each
     * manifest also says which chunk of how many it is, so a device can tell that none was dropped or swapped.
     */
    private DdiDeploymentBase deployment(String tenant, String controllerId, DeviceDirectory.DeviceRecord device, DdiActions.Action action) {
        DdiActions.Module main = actions.module(tenant, action.moduleId())
                .orElseThrow(() -> FleetloopException.notFound("software module", String.valueOf(action.moduleId())));
        List<DdiActions.ReleaseModule> modules = new ArrayList<>();
        modules.add(new DdiActions.ReleaseModule(action.releaseType() == ReleaseType.FOTA ? "os" : "bApp",
                action.releaseType().name().toLowerCase(Locale.ROOT) + "-" + device.type().name().toLowerCase(Locale.ROOT), action.versionId(), main));
        modules.addAll(actions.furtherModules(tenant, action));
        List<DdiChunk> chunks = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            DdiActions.ReleaseModule module = modules.get(i);
            byte[] manifest = manifest(tenant, device, action, module, i, modules.size());
            List<DdiMetadata> metadata = List.of(new DdiMetadata(DdiMetadata.FLEETLOOP_MANIFEST, Base64.getEncoder().encodeToString(manifest)),
                    new DdiMetadata(DdiMetadata.FLEETLOOP_SIGNATURE, Base64.getEncoder().encodeToString(key.sign(manifest))));
            chunks.add(new DdiChunk(module.part(), module.version(), module.name(), null, List.of(artifact(base(tenant, controllerId), module.module())),
                    metadata));
        }
        List<String> messages = action.lastExecution() == null ? List.of()
                : List.of(action.lastExecution() + (action.detail() == null ? "" : ": " + action.detail()));
        return new DdiDeploymentBase(String.valueOf(action.actionId()), deployment(action, chunks),
                new DdiActionHistory(action.status(), messages));
    }

    /**
     * The release's handling, as hawkBit serves it: outside the rollout's maintenance window the update is
     * {@code skip} (the device may download, not install) and {@code maintenanceWindow} says {@code unavailable}.
     * Rollbacks ignore both: they undo a failed update at once.
     */
    private DdiDeployment deployment(DdiActions.Action action, List<DdiChunk> chunks) {
        if (action.kind() == ActionKind.ROLLBACK) return new DdiDeployment(HandlingType.FORCED, HandlingType.FORCED, chunks, null);
        HandlingType download = action.download() == null ? HandlingType.FORCED : HandlingType.of(action.download());
        HandlingType update = action.update() == null ? HandlingType.FORCED : HandlingType.of(action.update());
        if (action.maintenanceWindow() == null) return new DdiDeployment(download, update, chunks, null);
        boolean open = MaintenanceWindows.isOpen(action.maintenanceWindow(), clock.instant());
        return new DdiDeployment(download, open ? update : HandlingType.SKIP, chunks,
                open ? DdiMaintenanceWindowStatus.AVAILABLE : DdiMaintenanceWindowStatus.UNAVAILABLE);
    }

    /** hawkBit's artifact links: {@code download}/{@code download-http} and the {@code .MD5SUM} file, all on this server. */
    private static DdiArtifact artifact(String controllerBase, DdiActions.Module module) {
        String download = DdiRestConstants.artifact(controllerBase, module.moduleId(), module.filename());
        Map<String, DdiLink> links = new LinkedHashMap<>();
        links.put(DdiArtifact.DOWNLOAD, new DdiLink(download));
        links.put(DdiArtifact.DOWNLOAD_HTTP, new DdiLink(download));
        links.put(DdiArtifact.MD5SUM, new DdiLink(download + DdiRestConstants.ARTIFACT_MD5_DWNL_SUFFIX));
        links.put(DdiArtifact.MD5SUM_HTTP, new DdiLink(download + DdiRestConstants.ARTIFACT_MD5_DWNL_SUFFIX));
        return new DdiArtifact(module.filename(), new DdiArtifactHash(module.sha1(), module.md5(), module.sha256()), module.sizeBytes(), links);
    }

    /** The signed statement of what this device may install: docs/ota-device-protocol.md "Signed manifest". */
    private byte[] manifest(String tenant, DeviceDirectory.DeviceRecord device, DdiActions.Action action, DdiActions.ReleaseModule chunk,
                            int index, int chunks) {
        DdiActions.Module module = chunk.module();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schema", "fleetloop.ota.manifest/v1");
        manifest.put("tenantId", tenant);
        manifest.put("releaseTaskId", action.taskId().value());
        manifest.put("actionId", String.valueOf(action.actionId()));
        manifest.put("controllerId", device.deviceId());
        manifest.put("kind", action.kind().name());
        manifest.put("versionId", action.versionId());
        manifest.put("deviceType", action.deviceType().name());
        manifest.put("releaseType", action.releaseType().name());
        manifest.put("releaseCounter", action.releaseCounter());
        Map<String, Object> artifact = new LinkedHashMap<>();
        artifact.put("filename", module.filename());
        artifact.put("size", module.sizeBytes());
        artifact.put("sha256", module.sha256());
        manifest.put("artifact", artifact);
        if (chunks > 1) {
            // Which chunk of how many: a device refuses an action whose chunks were dropped, added or swapped on the way.
            Map<String, Object> position = new LinkedHashMap<>();
            position.put("index", index);
            position.put("of", chunks);
            position.put("part", chunk.part());
            position.put("name", chunk.name());
            position.put("version", chunk.version());
            manifest.put("chunk", position);
        }
        manifest.put("issuedAt", Instant.ofEpochMilli(action.releaseCounter()).toString());
        try {
            return json.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @PostMapping(DdiRestConstants.DEPLOYMENT_BASE_FEEDBACK)
    ResponseEntity<Void> feedback(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                  @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = action(tenant, controllerId, actionId);
        Feedback feedback = Feedback.parse(body);
        if (feedback.terminal()) {
            reports.record(action.taskId(), tenant, DeviceReport.result(controllerId, action.kind(), feedback.success(), feedback.detail()));
        } else if (!feedback.execution().json().equals(action.lastExecution())) {
            // A new stage is history (an event of the release); the same stage again ("progress 3/10") is not recorded.
            reports.record(action.taskId(), tenant, DeviceReport.progress(controllerId, action.kind(), feedback.execution().json(),
                    feedback.detail()));
        }
        return ResponseEntity.ok().build();
    }

    @GetMapping(value = DdiRestConstants.CANCEL, produces = {HAL_JSON, MediaType.APPLICATION_JSON_VALUE})
    DdiCancel cancelAction(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = canceledAction(tenant, controllerId, actionId);
        String id = String.valueOf(action.actionId());
        return new DdiCancel(id, new DdiCancelActionToStop(id));
    }

    @PostMapping(DdiRestConstants.CANCEL_FEEDBACK)
    ResponseEntity<Void> cancelFeedback(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                                        @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                        @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = canceledAction(tenant, controllerId, actionId);
        Feedback feedback = Feedback.parse(body);
        boolean accepted = feedback.terminal() && feedback.success() || feedback.execution() == ExecutionStatus.CANCELED;
        if (accepted || feedback.execution() == ExecutionStatus.REJECTED) {
            commands.sendAndWait(new ConfirmCancelCommand(action.taskId(), tenant, controllerId, accepted, feedback.detail()),
                    metaData(tenant, controllerId));
        }
        return ResponseEntity.ok().build();
    }

    @PutMapping(DdiRestConstants.CONFIG_DATA)
    ResponseEntity<Void> configData(@PathVariable String tenant, @PathVariable String controllerId,
                                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                    @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        DdiConfigData config = read(body, DdiConfigData.class, DdiConfigData::validate);
        commands.sendAndWait(new UpdateDeviceAttributesCommand(DeviceDirectory.uidOf(tenant, controllerId), tenant, controllerId,
                AttributeUpdateMode.valueOf(config.modeOrMerge().name()), config.data()), metaData(tenant, controllerId));
        return ResponseEntity.ok().build();
    }

    /** The artifact or its {@code .MD5SUM}; HEAD answers the same headers without the body (GET mappings take HEAD in Spring MVC). */
    @RequestMapping(value = DdiRestConstants.ARTIFACT, method = {RequestMethod.GET, RequestMethod.HEAD})
    void download(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String moduleId, @PathVariable String filename,
                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        authentication.device(tenant, controllerId, authorization);
        long id = number(moduleId, "software module");
        DdiActions.Module module = actions.moduleOfDevice(tenant, controllerId, id)
                .orElseThrow(() -> FleetloopException.notFound("software module", moduleId));
        if (filename.equals(module.filename() + DdiRestConstants.ARTIFACT_MD5_DWNL_SUFFIX)) {
            byte[] md5sum = (module.md5() + "  " + module.filename() + "\n").getBytes(StandardCharsets.US_ASCII);
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.setContentLength(md5sum.length);
            if (!"HEAD".equals(request.getMethod())) response.getOutputStream().write(md5sum);
            return;
        }
        if (!filename.equals(module.filename())) throw FleetloopException.notFound("artifact", filename);
        ByteRange range = ByteRange.parse(request.getHeader(HttpHeaders.RANGE), module.sizeBytes());
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, "\"" + module.sha1() + "\"");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + module.filename() + "\"");
        if (range == ByteRange.UNSATISFIABLE) {
            response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + module.sizeBytes());
            return;
        }
        long from = range == null ? 0 : range.from();
        long length = range == null ? module.sizeBytes() : range.length();
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setContentLengthLong(length);
        if (range != null) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + from + "-" + (from + length - 1) + "/" + module.sizeBytes());
        }
        if (length == 0 || "HEAD".equals(request.getMethod())) return;
        String key = module.artifactUri().substring(("s3://" + store.bucket() + "/").length());
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key)
                .offset(from).length(length).build())) {
            copy(object, response.getOutputStream());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the artifact " + module.artifactUri(), e);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) out.write(buffer, 0, n);
    }

    private DdiActions.Action action(String tenant, String controllerId, String actionId) {
        return actions.find(tenant, controllerId, number(actionId, "action")).orElseThrow(() -> FleetloopException.notFound("action", actionId));
    }

    /** An update the device was asked to stop (its release was rolled back); any other action has no cancelAction. */
    private DdiActions.Action canceledAction(String tenant, String controllerId, String actionId) {
        DdiActions.Action action = action(tenant, controllerId, actionId);
        if (!"CANCELING".equals(action.status()) && !"CANCELED".equals(action.status())) throw FleetloopException.notFound("cancel action", actionId);
        return action;
    }

    private static long number(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw FleetloopException.notFound(what, value);
        }
    }

    static MetaData metaData(String tenant, String controllerId) {
        return MetaData.from(Map.of("operator", "device:" + controllerId, "tenantId", tenant));
    }

    private static String base(String tenant, String controllerId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/{tenant}/controller/v1/{controllerId}")
                .buildAndExpand(tenant, controllerId).toUriString();
    }

    /** A device's document read through the contract; what breaks it is a 400 naming the field. */
    private static <T> T read(String body, Class<T> type, UnaryOperator<T> validate) {
        try {
            T document = DdiJson.read(body, type);
            if (document == null) throw new DdiContractException("body", "a JSON document");
            return validate.apply(document);
        } catch (DdiContractException e) {
            throw FleetloopException.invalid(e.field(), e.expected());
        }
    }

    /** A hawkBit feedback as the platform reads it: execution, final result, and one line of details (with progress). */
    record Feedback(ExecutionStatus execution, FinalResult finished, String detail) {

        static Feedback parse(String body) {
            DdiStatus status = read(body, DdiActionFeedback.class, DdiActionFeedback::validate).status();
            List<String> details = new ArrayList<>(status.detailList());
            if (status.result() != null && status.result().progress() != null && status.result().progress().cnt() != null
                    && status.result().progress().of() != null) {
                details.add("progress " + status.result().progress().cnt() + "/" + status.result().progress().of());
            }
            return new Feedback(status.execution(), status.finished(), details.isEmpty() ? null : String.join("; ", details));
        }

        /** A result the device will not change: closed with success or failure, or a refusal. */
        boolean terminal() {
            return execution == ExecutionStatus.CLOSED && finished != FinalResult.NONE
                    || execution == ExecutionStatus.REJECTED || execution == ExecutionStatus.CANCELED;
        }

        boolean success() {
            return execution == ExecutionStatus.CLOSED && finished == FinalResult.SUCCESS;
        }
    }

    /** One {@code Range: bytes=} range (the first, when several are asked); {@code null} means the whole artifact. */
    record ByteRange(long from, long length) {

        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

        static ByteRange parse(String header, long size) {
            if (header == null || !header.trim().startsWith("bytes=")) return null;
            String spec = header.trim().substring(6).split(",")[0].trim();
            int dash = spec.indexOf('-');
            if (dash < 0) return null;
            try {
                String first = spec.substring(0, dash).trim();
                String last = spec.substring(dash + 1).trim();
                if (first.isEmpty()) {
                    long suffix = Long.parseLong(last);
                    if (suffix <= 0) return UNSATISFIABLE;
                    long from = Math.max(0, size - suffix);
                    return new ByteRange(from, size - from);
                }
                long from = Long.parseLong(first);
                if (from >= size) return UNSATISFIABLE;
                long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
                if (to < from) return null;
                return new ByteRange(from, to - from + 1);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    static FleetloopException unauthenticated(String why) {
        return new FleetloopException(ErrorDetails.of(ErrorCode.UNAUTHENTICATED, "device authentication failed: " + why));
    }
}
