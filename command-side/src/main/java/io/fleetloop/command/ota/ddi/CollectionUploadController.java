package io.fleetloop.command.ota.ddi;

import io.fleetloop.command.objectstore.MultipartObjectStore;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.ReportDataFlowTriggeredCommand;
import io.fleetloop.api.orchestration.TriggeredClip;
import io.fleetloop.command.ota.device.DeviceDirectory;
import io.fleetloop.ddi.json.model.DdiClipUpload;
import io.fleetloop.ddi.json.model.DdiClipUploadRequest;
import io.fleetloop.ddi.json.model.DdiCollectionExposure;
import io.fleetloop.ddi.json.model.DdiCollectionTriggered;
import io.fleetloop.ddi.json.model.DdiContractException;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
import io.fleetloop.refusals.CommandRefusals;
import io.minio.errors.ErrorResponseException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Edge collection over the device channel (Fleetloop's extension of DDI, same device-token auth as every DDI call):
 * <ul>
 *   <li>{@code POST {base}/collection-uploads}: open or resume the direct upload of a clip file (presigned multipart part
 *       URLs, short-lived; the store refuses them after expiry);</li>
 *   <li>{@code POST {base}/collection-uploads/{uploadId}/complete}: assemble, check size and sha256 (a mismatch deletes the
 *       object: 400 naming {@code sha256});</li>
 *   <li>{@code POST {base}/collection-triggers}: the report {@code DataFlowTriggered}, idempotent by {@code triggerId};
 *       every storage path must be a completed upload of this device;</li>
 *   <li>{@code POST {base}/collection-status}: distance driven and triggers fired since the last report (the rollout
 *       gate's exposure).</li>
 * </ul>
 */
@RestController
@RequestMapping(DdiRestConstants.BASE_V1_REQUEST_MAPPING + DdiRestConstants.CONTROLLER)
class CollectionUploadController {

    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;
    static final int DEFAULT_URL_EXPIRY_SECONDS = 300;
    private static final String RESOURCE = "collection-upload";

    private final DdiAuthentication authentication;
    private final MultipartObjectStore store;
    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final RolloutGate gate;
    private final CollectionRules rules;
    private final Clock clock;

    CollectionUploadController(DdiAuthentication authentication, MultipartObjectStore store, JdbcClient jdbc, CommandGateway commands,
                               RolloutGate gate, CollectionRules rules, Clock clock) {
        this.authentication = authentication;
        this.store = store;
        this.jdbc = jdbc;
        this.commands = commands;
        this.gate = gate;
        this.rules = rules;
        this.clock = clock;
    }

    record Upload(String uploadId, String flowId, String triggerId, String fileName, String objectKey, String storeUploadId,
                  long sizeBytes, String sha256, long partSize, String status) {
        int partCount() {
            return (int) Math.max(1, (sizeBytes + partSize - 1) / partSize);
        }

        long partLength(int part) {
            return part < partCount() ? partSize : sizeBytes - (long) (partCount() - 1) * partSize;
        }
    }

    @PostMapping(DdiRestConstants.COLLECTION_UPLOADS)
    ResponseEntity<DdiClipUpload> open(@PathVariable String tenant, @PathVariable String controllerId,
                                       @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                       @RequestBody(required = false) String body) throws Exception {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        DdiClipUploadRequest request = read(body, DdiClipUploadRequest.class, DdiClipUploadRequest::validate);
        String targetPath = targetPath(tenant, request.flowId());
        int expiry = request.urlExpirySeconds() == null ? DEFAULT_URL_EXPIRY_SECONDS : request.urlExpirySeconds();
        Optional<Upload> existing = find(tenant, controllerId, request.triggerId(), request.fileName());
        Upload upload;
        HttpStatus status = HttpStatus.OK;
        if (existing.isPresent()) {
            upload = existing.get();
            if (upload.sizeBytes() != request.size() || !upload.sha256().equals(request.sha256()) || !upload.flowId().equals(request.flowId())) {
                throw FleetloopException.conflict("trigger " + request.triggerId() + " has an upload of " + request.fileName()
                        + " with another flow, size or sha256");
            }
        } else {
            long partSize = Math.max(MIN_PART_SIZE, (request.size() + MAX_PARTS - 1) / MAX_PARTS);
            String key = "tenants/" + tenant + "/" + targetPath + "/" + device.deviceId() + "/" + request.triggerId() + "/" + request.fileName();
            String uploadId = UUID.randomUUID().toString();
            String storeUploadId = store.start(key);
            int inserted = jdbc.sql("""
                    insert into ddi_collection_upload (upload_id, tenant_id, device_id, flow_id, trigger_id, file_name, object_key,
                        store_upload_id, size_bytes, sha256, part_size, status, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) on conflict (tenant_id, device_id, trigger_id, file_name) do nothing""")
                    .params(uploadId, tenant, controllerId, request.flowId(), request.triggerId(), request.fileName(), key, storeUploadId,
                            request.size(), request.sha256(), partSize, Timestamp.from(clock.instant())).update();
            upload = inserted == 1 ? find(tenant, controllerId, request.triggerId(), request.fileName()).orElseThrow()
                    : find(tenant, controllerId, request.triggerId(), request.fileName()).orElseThrow();
            if (inserted == 1) status = HttpStatus.CREATED;
        }
        return ResponseEntity.status(status).body(describe(upload, expiry));
    }

    @PostMapping(DdiRestConstants.COLLECTION_UPLOAD_COMPLETE)
    DdiClipUpload complete(@PathVariable String tenant, @PathVariable String controllerId, @PathVariable String uploadId,
                           @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) throws Exception {
        authentication.device(tenant, controllerId, authorization);
        Upload upload = jdbc.sql("""
                        select upload_id, flow_id, trigger_id, file_name, object_key, store_upload_id, size_bytes, sha256, part_size, status
                        from ddi_collection_upload where upload_id = ? and tenant_id = ? and device_id = ?""")
                .params(uploadId, tenant, controllerId).query(Upload.class).optional()
                .orElseThrow(() -> FleetloopException.notFound(RESOURCE, uploadId));
        if (!"COMPLETED".equals(upload.status())) {
            assemble(upload);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = store.read(upload.objectKey())) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    size += n;
                }
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (size != upload.sizeBytes() || !sha256.equals(upload.sha256())) {
                store.delete(upload.objectKey());
                jdbc.sql("delete from ddi_collection_upload where upload_id = ?").params(uploadId).update();
                String field = size != upload.sizeBytes() ? "size" : "sha256";
                throw FleetloopException.invalid(field, size != upload.sizeBytes()
                        ? "the uploaded object has " + size + " bytes, not the announced " + upload.sizeBytes() + "; the object was deleted"
                        : "the uploaded object's sha256 is " + sha256 + ", not the announced " + upload.sha256() + "; the object was deleted");
            }
            jdbc.sql("update ddi_collection_upload set status = 'COMPLETED', completed_at = ? where upload_id = ?")
                    .params(Timestamp.from(clock.instant()), uploadId).update();
        }
        return new DdiClipUpload(uploadId, "COMPLETED", store.uri(upload.objectKey()), upload.partSize(), List.of(), null, null);
    }

    @PostMapping(DdiRestConstants.COLLECTION_TRIGGERS)
    ResponseEntity<Map<String, Object>> triggered(@PathVariable String tenant, @PathVariable String controllerId,
                                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                                  @RequestBody(required = false) String body) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        DdiCollectionTriggered report = read(body, DdiCollectionTriggered.class, DdiCollectionTriggered::validate);
        targetPath(tenant, report.flowId());
        CollectionDictionary dictionary = dictionary(tenant, report);
        List<TriggeredClip> clips = new ArrayList<>();
        for (int i = 0; i < report.storagePaths().size(); i++) {
            String path = report.storagePaths().get(i);
            String field = "storagePaths[" + i + "]";
            String key = path == null || !path.startsWith(store.uri("")) ? null : path.substring(store.uri("").length());
            Upload upload = key == null ? null : jdbc.sql("""
                            select upload_id, flow_id, trigger_id, file_name, object_key, store_upload_id, size_bytes, sha256, part_size, status
                            from ddi_collection_upload where tenant_id = ? and device_id = ? and object_key = ?""")
                    .params(tenant, controllerId, key).query(Upload.class).optional().orElse(null);
            if (upload == null || !key.startsWith("tenants/" + tenant + "/")) {
                throw FleetloopException.invalid(field, "'" + path + "' is not a collection upload of this device");
            }
            if (!"COMPLETED".equals(upload.status())) throw FleetloopException.invalid(field, "the upload of '" + path + "' is not completed");
            if (!upload.triggerId().equals(report.triggerId()) || !upload.flowId().equals(report.flowId())) {
                throw FleetloopException.invalid(field, "'" + path + "' was uploaded for another trigger or flow");
            }
            clips.add(new TriggeredClip(AssetId.contentAddressed(tenant, upload.sha256()), path, upload.sizeBytes(), upload.sha256(),
                    modality(upload.fileName()), segment(upload.fileName()) ? dictionary : null));
        }
        String reportId = ReportDataFlowTriggeredCommand.reportId(tenant, controllerId, report.triggerId());
        boolean duplicate = false;
        try {
            commands.sendAndWait(new ReportDataFlowTriggeredCommand(reportId, tenant, new DataFlowId(report.flowId()), controllerId,
                    report.triggerId(), report.kind(), Instant.parse(report.triggerTime()), report.ruleVersion(), device.installedVersion(), clips));
        } catch (RuntimeException e) {
            if (!CommandRefusals.isDuplicateAggregate(e)) throw e;
            duplicate = true;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reportId", reportId);
        answer.put("triggerId", report.triggerId());
        answer.put("assetIds", clips.stream().map(c -> c.assetId().value()).toList());
        answer.put("duplicate", duplicate);
        return ResponseEntity.status(duplicate ? HttpStatus.OK : HttpStatus.CREATED).body(answer);
    }

    @PostMapping(DdiRestConstants.COLLECTION_STATUS)
    ResponseEntity<Void> status(@PathVariable String tenant, @PathVariable String controllerId,
                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                @RequestBody(required = false) String body) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        DdiCollectionExposure exposure = read(body, DdiCollectionExposure.class, DdiCollectionExposure::validate);
        jdbc.sql("""
                insert into ddi_collection_exposure (tenant_id, device_id, device_type, version_id, distance_km, triggers, reported_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant, controllerId, device.type().name(), device.installedVersion(), exposure.distanceKm(), exposure.triggers(),
                        Timestamp.from(clock.instant())).update();
        gate.evaluate(tenant, device.type().name());
        return ResponseEntity.noContent().build();
    }

    private DdiClipUpload describe(Upload upload, int expiry) throws Exception {
        if ("COMPLETED".equals(upload.status())) {
            return new DdiClipUpload(upload.uploadId(), "COMPLETED", store.uri(upload.objectKey()), upload.partSize(), List.of(),
                    java.util.stream.IntStream.rangeClosed(1, upload.partCount()).boxed().toList(), null);
        }
        Set<Integer> received = store.parts(upload.objectKey(), upload.storeUploadId()).stream()
                .map(MultipartObjectStore.StoredPart::partNumber).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<DdiClipUpload.Part> parts = new ArrayList<>();
        for (int part = 1; part <= upload.partCount(); part++) {
            if (received.contains(part)) continue;
            parts.add(new DdiClipUpload.Part(part, upload.partLength(part), store.partUrl(upload.objectKey(), upload.storeUploadId(), part, expiry)));
        }
        Instant expiresAt = clock.instant().plusSeconds(expiry);
        return new DdiClipUpload(upload.uploadId(), "OPEN", store.uri(upload.objectKey()), upload.partSize(), parts, List.copyOf(received), expiresAt.toString());
    }

    private void assemble(Upload upload) throws Exception {
        List<MultipartObjectStore.StoredPart> parts;
        try {
            parts = store.parts(upload.objectKey(), upload.storeUploadId());
        } catch (ErrorResponseException e) {
            if ("NoSuchUpload".equals(e.errorResponse().code())) return; // assembled by an earlier complete
            throw e;
        }
        if (parts.size() != upload.partCount()) {
            throw FleetloopException.invalid("parts", parts.size() + " of " + upload.partCount() + " parts arrived; open the upload again for the missing ones");
        }
        try {
            store.complete(upload.objectKey(), upload.storeUploadId(), parts.stream()
                    .sorted((a, b) -> Integer.compare(a.partNumber(), b.partNumber())).toList());
        } catch (ErrorResponseException e) {
            if ("NoSuchUpload".equals(e.errorResponse().code())) return;
            throw FleetloopException.invalid("parts", "the store refused to assemble the parts: " + e.errorResponse().code());
        }
    }

    private Optional<Upload> find(String tenant, String deviceId, String triggerId, String fileName) {
        return jdbc.sql("""
                        select upload_id, flow_id, trigger_id, file_name, object_key, store_upload_id, size_bytes, sha256, part_size, status
                        from ddi_collection_upload where tenant_id = ? and device_id = ? and trigger_id = ? and file_name = ?""")
                .params(tenant, deviceId, triggerId, fileName).query(Upload.class).optional();
    }

    /** The flow's target path; a flow that is not one of the tenant's collection rules is 404. */
    private String targetPath(String tenant, String flowId) {
        return jdbc.sql("select rule->>'targetPath' from ddi_collection_rule where tenant_id = ? and flow_id = ?")
                .params(tenant, flowId).query(String.class).optional()
                .orElseThrow(() -> FleetloopException.notFound("collection-rule", flowId));
    }

    /**
     * The trained dictionary the clip's segments were written with: the one the agent reports, which must be the one
     * the flow's compression names, else 400 naming {@code dictionary}; from agents that do not report it, the one the
     * flow names (an agent runs a rule only once it has the rule's dictionary).
     */
    private CollectionDictionary dictionary(String tenant, DdiCollectionTriggered report) {
        Optional<CollectionDictionary> named = rules.dictionaryOf(tenant, report.flowId());
        if (report.dictionary() != null && !report.dictionary().equals(named.map(CollectionDictionary::assetId).orElse(null))) {
            throw FleetloopException.invalid("dictionary", named.isEmpty() ? "absent: flow " + report.flowId() + " names no trained dictionary"
                    : "the trained dictionary flow " + report.flowId() + " names (" + named.get().assetId() + ") or absent");
        }
        return named.orElse(null);
    }

    /** A signal segment ({@code .flsg}): the only file of a clip the agent compresses, so the only one a dictionary applies to. */
    private static boolean segment(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".flsg");
    }

    static Modality modality(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".flsg")) return Modality.VEHICLE_LOG;
        if (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png")) return Modality.CAMERA;
        if (name.endsWith(".pcd")) return Modality.LIDAR;
        if (name.endsWith(".mcap")) return Modality.MCAP;
        return Modality.OTHER;
    }

    /** A device's document read through the contract and validated; what breaks it is a 400 naming the field. */
    private static <T> T read(String body, Class<T> type, UnaryOperator<T> validate) {
        try {
            T value = DdiJson.read(body, type);
            if (value == null) throw new DdiContractException("body", "a JSON document");
            return validate.apply(value);
        } catch (DdiContractException e) {
            throw FleetloopException.invalid(e.field(), e.expected());
        }
    }
}
