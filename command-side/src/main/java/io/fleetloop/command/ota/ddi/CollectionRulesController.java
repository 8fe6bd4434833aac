package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.command.ota.device.DeviceDirectory;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiCollectionRulesStatus;
import io.fleetloop.ddi.json.model.DdiContractException;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
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

import java.time.Clock;

/**
 * Edge collection rules over the device channel (Fleetloop's extension of DDI, same device-token auth):
 * {@code GET {controllerBase}/collection-rules} answers the device's rules with their version as ETag ({@code 304} to an
 * {@code If-None-Match} of the current version); {@code PUT {controllerBase}/collection-rules/status} records the version
 * the device runs.
 */
@RestController
@RequestMapping(DdiRestConstants.BASE_V1_REQUEST_MAPPING + DdiRestConstants.CONTROLLER)
class CollectionRulesController {

    private final DdiAuthentication authentication;
    private final CollectionRules rules;
    private final Clock clock;

    CollectionRulesController(DdiAuthentication authentication, CollectionRules rules, Clock clock) {
        this.authentication = authentication;
        this.rules = rules;
        this.clock = clock;
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
