package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.command.ota.device.DeviceDirectory;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiCollectionRulesStatus;
import io.fleetloop.ddi.json.model.DdiContractException;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
import io.minio.GetObjectArgs;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.InputStream;
import java.time.Clock;

/**
 * Edge collection rules over the device channel (Fleetloop's extension of DDI, same device-token auth):
 * {@code GET {controllerBase}/collection-rules} answers the device's rules with their version as ETag ({@code 304} to an
 * {@code If-None-Match} of the current version); {@code PUT {controllerBase}/collection-rules/status} records the version
 * the device runs; {@code GET {controllerBase}/collection-rules/dictionaries/{assetId}} streams a trained dictionary
 * one of the device's rules names.
 */
@RestController
@RequestMapping(DdiRestConstants.BASE_V1_REQUEST_MAPPING + DdiRestConstants.CONTROLLER)
class CollectionRulesController {

    private static final String RESOURCE = "CollectionDictionary";

    private final DdiAuthentication authentication;
    private final CollectionRules rules;
    private final Clock clock;
    private final PlatformObjectStore store;

    CollectionRulesController(DdiAuthentication authentication, CollectionRules rules, Clock clock, PlatformObjectStore store) {
        this.authentication = authentication;
        this.rules = rules;
        this.clock = clock;
        this.store = store;
    }

    /**
     * The bytes of a trained dictionary one of the device's rules names ({@code 404} otherwise), streamed from the object
     * store; {@code ETag} is their quoted sha256 ({@code 304} to an {@code If-None-Match} of it).
     */
    @GetMapping(DdiRestConstants.COLLECTION_DICTIONARY)
    ResponseEntity<InputStreamResource> dictionary(@PathVariable String tenant, @PathVariable String controllerId,
                                                   @PathVariable String assetId,
                                                   @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                                   @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        CollectionDictionary dictionary = rules.dictionary(device, assetId)
                .orElseThrow(() -> FleetloopException.notFound(RESOURCE, assetId));
        String etag = "\"" + dictionary.sha256() + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("W/" + etag))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        String prefix = "s3://" + store.bucket() + "/";
        if (!dictionary.storagePath().startsWith(prefix)) throw FleetloopException.notFound(RESOURCE, assetId);
        InputStream in;
        try {
            in = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket())
                    .object(dictionary.storagePath().substring(prefix.length())).build());
        } catch (Exception e) {
            throw FleetloopException.notFound(RESOURCE, assetId);
        }
        return ResponseEntity.ok().eTag(etag).contentType(MediaType.APPLICATION_OCTET_STREAM).contentLength(dictionary.sizeBytes())
                .body(new InputStreamResource(in));
    }

    @GetMapping(value = DdiRestConstants.COLLECTION_RULES, produces = {DdiRestConstants.MEDIA_TYPE_HAL_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<DdiCollectionRules> get(@PathVariable String tenant, @PathVariable String controllerId,
                                           @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                           @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        DeviceDirectory.DeviceRecord device = authentication.device(tenant, controllerId, authorization);
        DdiCollectionRules current = rules.of(device);
        String etag = "\"" + current.version() + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("W/" + etag))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(current);
    }

    @PutMapping(DdiRestConstants.COLLECTION_RULES_STATUS)
    ResponseEntity<Void> status(@PathVariable String tenant, @PathVariable String controllerId,
                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                @RequestBody(required = false) String body) {
        authentication.device(tenant, controllerId, authorization);
        DdiCollectionRulesStatus status;
        try {
            status = DdiJson.read(body, DdiCollectionRulesStatus.class);
            if (status == null) throw new DdiContractException("body", "a JSON document");
            status.validate();
        } catch (DdiContractException e) {
            throw FleetloopException.invalid(e.field(), e.expected());
        }
        rules.reported(tenant, controllerId, status.version(), clock.instant());
        return ResponseEntity.noContent().build();
    }
}
