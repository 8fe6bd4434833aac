package io.fleetloop.command.ota.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.AttributeUpdateMode;
import io.fleetloop.api.ota.UpdateDeviceAttributesCommand;
import io.fleetloop.api.ota.ConfirmCancelCommand;
import io.fleetloop.api.ota.RecordDeviceProgressCommand;
import io.fleetloop.api.ota.RecordDeviceResultCommand;
import io.fleetloop.api.ota.RecordRollbackResultCommand;
import io.fleetloop.api.ota.ReleaseType;
import io.fleetloop.command.objectstore.PlatformObjectStore;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The device side of OTA, compatible with the Eclipse hawkBit DDI API v1 (see docs/ota-device-protocol.md): base
 * poll, deploymentBase with a signed manifest in the chunk metadata, artifact download with HTTP ranges, feedback,
 * configData and cancelAction. Devices authenticate with {@code TargetToken} or their tenant's {@code GatewayToken}.
 */
@RestController
@RequestMapping("/{tenant}/controller/v1/{controllerId}")
class DdiController {

    private final DdiAuthentication authentication;
    private final DdiActions actions;
    private final DeviceDirectory devices;
    private final ManifestKey key;
    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final PollingIntervals polling;
    private final ObjectMapper json;
    private final Clock clock;

    DdiController(DdiAuthentication authentication, DdiActions actions, DeviceDirectory devices, ManifestKey key, PlatformObjectStore store,
                  CommandGateway commands, PollingIntervals polling, ObjectMapper json, Clock clock) {
        this.authentication = authentication;
        this.actions = actions;
        this.devices = devices;
        this.key = key;
        this.store = store;
        this.commands = commands;
        this.polling = polling;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping(produces = {"application/hal+json", MediaType.APPLICATION_JSON_VALUE})
    ObjectNode poll(@PathVariable String tenant, @PathVariable String controllerId,
                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        actions.polled(tenant, controllerId, clock.instant());
        Optional<DdiActions.Action> next = actions.next(tenant, controllerId);
        ObjectNode body = json.createObjectNode();
        body.putObject("config").putObject("polling").put("sleep", sleep(polling.sleep(tenant, next.isPresent())));
        ObjectNode links = body.putObject("_links");
        next.ifPresent(action -> {
            String href = base(tenant, controllerId) + "/";
            if ("CANCELING".equals(action.status())) {
                links.putObject("cancelAction").put("href", href + "cancelAction/" + action.actionId());
            } else {
                links.putObject("deploymentBase").put("href", href + "deploymentBase/" + action.actionId()
                        + "?c=" + Long.toString(action.updatedAt().toEpochMilli() & 0x7fffffff, 36));
            }
        });
        if (!device.attributesReported()) links.putObject("configData").put("href", base(tenant, controllerId) + "/configData");
        return body;
    }

    @GetMapping(value = "/deploymentBase/{actionId}", produces = {"application/hal+json", MediaType.APPLICATION_JSON_VALUE})
    ObjectNode deploymentBase(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = action(tenant, controllerId, actionId);
        DdiActions.Module module = actions.module(tenant, action.moduleId())
                .orElseThrow(() -> FleetloopException.notFound("software module", String.valueOf(action.moduleId())));
        String downloadBase = base(tenant, controllerId) + "/softwaremodules/" + module.moduleId() + "/artifacts/" + module.filename();
        byte[] manifest = manifest(tenant, device, action, module);

        ObjectNode body = json.createObjectNode();
        body.put("id", String.valueOf(action.actionId()));
        ObjectNode deployment = body.putObject("deployment");
        deployment.put("download", "forced");
        deployment.put("update", "forced");
        ObjectNode chunk = deployment.putArray("chunks").addObject();
        chunk.put("part", action.releaseType() == ReleaseType.FOTA ? "os" : "bApp");
        chunk.put("version", action.versionId());
        chunk.put("name", action.releaseType().name().toLowerCase(Locale.ROOT) + "-" + device.type().name().toLowerCase(Locale.ROOT));
        ArrayNode metadata = chunk.putArray("metadata");
        metadata.addObject().put("key", "fleetloop.manifest").put("value", Base64.getEncoder().encodeToString(manifest));
        metadata.addObject().put("key", "fleetloop.signature").put("value", Base64.getEncoder().encodeToString(key.sign(manifest)));
        ObjectNode artifact = chunk.putArray("artifacts").addObject();
        artifact.put("filename", module.filename());
        artifact.putObject("hashes").put("sha1", module.sha1()).put("md5", module.md5()).put("sha256", module.sha256());
        artifact.put("size", module.sizeBytes());
        ObjectNode links = artifact.putObject("_links");
        links.putObject("download").put("href", downloadBase);
        links.putObject("download-http").put("href", downloadBase);
        links.putObject("md5sum").put("href", downloadBase + ".MD5SUM");
        links.putObject("md5sum-http").put("href", downloadBase + ".MD5SUM");
        ObjectNode history = body.putObject("actionHistory");
        history.put("status", action.status());
        ArrayNode messages = history.putArray("messages");
        if (action.lastExecution() != null) messages.add(action.lastExecution() + (action.detail() == null ? "" : ": " + action.detail()));
        return body;
    }

    /** The signed statement of what this device may install: docs/ota-device-protocol.md "Signed manifest". */
    private byte[] manifest(String tenant, DeviceDirectory.DeviceRecord device, DdiActions.Action action, DdiActions.Module module) {
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
        manifest.put("issuedAt", Instant.ofEpochMilli(action.releaseCounter()).toString());
        try {
            return json.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @PostMapping("/deploymentBase/{actionId}/feedback")
    ResponseEntity<Void> feedback(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                  @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = action(tenant, controllerId, actionId);
        Feedback feedback = Feedback.parse(json, body);
        MetaData metaData = metaData(tenant, controllerId);
        if (feedback.terminal()) {
            if (action.kind() == ActionKind.UPDATE) {
                commands.sendAndWait(new RecordDeviceResultCommand(action.taskId(), tenant, controllerId, feedback.success(), feedback.detail()), metaData);
            } else {
                commands.sendAndWait(new RecordRollbackResultCommand(action.taskId(), tenant, controllerId, feedback.success(), feedback.detail()), metaData);
            }
        } else if (!feedback.execution().equals(action.lastExecution())) {
            // A new stage is history (an event of the release); the same stage again ("progress 3/10") is not recorded.
            commands.sendAndWait(new RecordDeviceProgressCommand(action.taskId(), tenant, controllerId, action.kind(), feedback.execution(),
                    feedback.detail()), metaData);
        }
        return ResponseEntity.ok().build();
    }

    @GetMapping(value = "/cancelAction/{actionId}", produces = {"application/hal+json", MediaType.APPLICATION_JSON_VALUE})
    ObjectNode cancelAction(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = canceledAction(tenant, controllerId, actionId);
        ObjectNode body = json.createObjectNode();
        body.put("id", String.valueOf(action.actionId()));
        body.putObject("cancelAction").put("stopId", String.valueOf(action.actionId()));
        return body;
    }

    @PostMapping("/cancelAction/{actionId}/feedback")
    ResponseEntity<Void> cancelFeedback(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String actionId,
                                        @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                        @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        DdiActions.Action action = canceledAction(tenant, controllerId, actionId);
        Feedback feedback = Feedback.parse(json, body);
        boolean accepted = feedback.terminal() && feedback.success() || "canceled".equals(feedback.execution());
        if (accepted || "rejected".equals(feedback.execution())) {
            commands.sendAndWait(new ConfirmCancelCommand(action.taskId(), tenant, controllerId, accepted, feedback.detail()),
                    metaData(tenant, controllerId));
        }
        return ResponseEntity.ok().build();
    }

    @PutMapping("/configData")
    ResponseEntity<Void> configData(@PathVariable String tenant, @PathVariable String controllerId,
                                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                    @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        ConfigData config = ConfigData.parse(json, body);
        commands.sendAndWait(new UpdateDeviceAttributesCommand(DeviceDirectory.uidOf(tenant, controllerId), tenant, controllerId, config.mode(),
                config.data()), metaData(tenant, controllerId));
        return ResponseEntity.ok().build();
    }

    @GetMapping("/softwaremodules/{moduleId}/artifacts/{filename}")
    void download(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String moduleId, @PathVariable String filename,
                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        authentication.device(tenant, controllerId, authorization);
        long id = number(moduleId, "software module");
        DdiActions.Module module = actions.moduleOfDevice(tenant, controllerId, id)
                .orElseThrow(() -> FleetloopException.notFound("software module", moduleId));
        if (filename.equals(module.filename() + ".MD5SUM")) {
            response.setContentType("text/plain");
            response.getOutputStream().write((module.md5() + "  " + module.filename() + "\n").getBytes(StandardCharsets.US_ASCII));
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

    private static MetaData metaData(String tenant, String controllerId) {
        return MetaData.from(Map.of("operator", "device:" + controllerId, "tenantId", tenant));
    }

    private static String base(String tenant, String controllerId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/{tenant}/controller/v1/{controllerId}")
                .buildAndExpand(tenant, controllerId).toUriString();
    }

    static String sleep(Duration duration) {
        long seconds = Math.max(1, duration.getSeconds());
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    /** A device's JSON body, or 400; an empty body reads as nothing ({@code null} or missing). */
    private static JsonNode readBody(ObjectMapper json, String body) {
        try {
            return json.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw FleetloopException.invalid("body", "not JSON: " + e.getOriginalMessage());
        }
    }

    /** A hawkBit feedback, read tolerantly: {@code status.execution}, {@code status.result.finished}, {@code status.details}. */
    record Feedback(String execution, String finished, String detail) {

        private static final List<String> EXECUTIONS = List.of("closed", "proceeding", "canceled", "scheduled", "rejected", "resumed", "downloaded",
                "download");
        private static final List<String> RESULTS = List.of("success", "failure", "none");

        static Feedback parse(ObjectMapper json, String body) {
            JsonNode root = readBody(json, body);
            JsonNode status = root == null ? null : root.path("status");
            String execution = status == null ? "" : status.path("execution").asText("").toLowerCase(Locale.ROOT);
            if (!EXECUTIONS.contains(execution)) throw FleetloopException.invalid("status.execution", "one of " + String.join(", ", EXECUTIONS));
            String finished = status.path("result").path("finished").asText("none").toLowerCase(Locale.ROOT);
            if (!RESULTS.contains(finished)) throw FleetloopException.invalid("status.result.finished", "success, failure or none");
            List<String> details = new ArrayList<>();
            status.path("details").forEach(d -> details.add(d.asText()));
            JsonNode progress = status.path("result").path("progress");
            if (progress.has("cnt") && progress.has("of")) details.add("progress " + progress.path("cnt").asInt() + "/" + progress.path("of").asInt());
            return new Feedback(execution, finished, details.isEmpty() ? null : String.join("; ", details));
        }

        /** A result the device will not change: closed with success or failure, or a refusal. */
        boolean terminal() {
            return "closed".equals(execution) && !"none".equals(finished) || "rejected".equals(execution) || "canceled".equals(execution);
        }

        boolean success() {
            return "closed".equals(execution) && "success".equals(finished);
        }
    }

    /** hawkBit configData: {@code mode} merge (default), replace or remove, and {@code data} key-value attributes. */
    record ConfigData(AttributeUpdateMode mode, Map<String, String> data) {

        static ConfigData parse(ObjectMapper json, String body) {
            JsonNode root = readBody(json, body);
            if (root == null || !root.path("data").isObject()) throw FleetloopException.invalid("data", "an object of attribute values");
            String mode = root.path("mode").asText("merge").toUpperCase(Locale.ROOT);
            if (!List.of("MERGE", "REPLACE", "REMOVE").contains(mode)) throw FleetloopException.invalid("mode", "merge, replace or remove");
            Map<String, String> data = new LinkedHashMap<>();
            root.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            return new ConfigData(AttributeUpdateMode.valueOf(mode), data);
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
