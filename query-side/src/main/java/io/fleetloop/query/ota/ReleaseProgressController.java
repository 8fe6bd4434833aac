package io.fleetloop.query.ota;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Rollout progress for operators: {@code GET /v1/release-tasks/{taskId}/progress} streams snapshots (server-sent
 * events {@code progress}, then {@code end}); {@code .../progress.svg} draws the same snapshot. Within the tenant.
 */
@RestController
class ReleaseProgressController {

    static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final ReleaseProgressStreams streams;

    ReleaseProgressController(ReleaseProgressStreams streams) {
        this.streams = streams;
    }

    @GetMapping("/v1/release-tasks/{taskId}/progress")
    SseEmitter progress(Caller caller, @PathVariable String taskId) {
        return streams.open(caller.tenantId(), taskId);
    }

    @GetMapping("/v1/release-tasks/{taskId}/progress.svg")
    ResponseEntity<String> picture(Caller caller, @PathVariable String taskId) {
        ReleaseProgress progress = streams.snapshot(caller.tenantId(), taskId)
                .orElseThrow(() -> FleetloopException.notFound("release task", taskId));
        return ResponseEntity.ok().contentType(SVG).cacheControl(CacheControl.noStore()).body(ReleaseProgressSvg.render(progress));
    }
}
