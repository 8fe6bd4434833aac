package io.fleetloop.command.orchestration.run;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.errors.ErrorResponseException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/workflow-runs/{runId}/nodes/{nodeId}/attempts/{attempt}/artifacts/{name}}: an artifact's content, read
 * from the object store under the caller's tenant prefix (so another tenant's artifact is simply not there).
 */
@RestController
class WorkflowArtifactController {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,255}");

    private final PlatformObjectStore store;

    WorkflowArtifactController(PlatformObjectStore store) {
        this.store = store;
    }

    @GetMapping("/v1/workflow-runs/{runId}/nodes/{nodeId}/attempts/{attempt}/artifacts/{name}")
    ResponseEntity<InputStreamResource> content(Caller caller, @PathVariable String runId, @PathVariable String nodeId,
                                                @PathVariable int attempt, @PathVariable String name) throws Exception {
        String id = runId + "/" + nodeId + "/" + attempt + "/" + name;
        if (!PART.matcher(runId).matches() || !PART.matcher(nodeId).matches() || !PART.matcher(name).matches() || name.contains("..")) {
            throw FleetloopException.notFound("artifact", id);
        }
        GetObjectResponse object;
        try {
            object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket())
                    .object(WorkflowArtifacts.key(caller.tenantId(), runId, nodeId, attempt, name)).build());
        } catch (ErrorResponseException e) {
            throw FleetloopException.notFound("artifact", id);
        }
        String type = Optional.ofNullable(object.headers().get("Content-Type")).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(name.endsWith(".txt") ? MediaType.TEXT_PLAIN
                : name.endsWith(".json") ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(type));
        String length = object.headers().get("Content-Length");
        if (length != null) response.contentLength(Long.parseLong(length));
        return response.body(new InputStreamResource(object));
    }
}
