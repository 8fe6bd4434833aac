package io.fleetloop.query.behavior;

import io.fleetloop.api.behavior.BehaviorSessionView;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Replay of a session as server-sent events ({@code replay}, then {@code frame}s paced by {@code speed}, {@code marker}s
 * where problem samples begin, {@code state} after a control action, {@code end}); controlled by
 * {@code POST .../replay/{replayId}} with {@code {"action": "pause"|"resume"|"seek"|"speed"|"stop", "to": ..., "speed": ...}}.
 */
@RestController
class SessionReplayController {

    record ReplayControl(String action, String to, Double speed) {
    }

    private final BehaviorSessionQueryController sessions;
    private final SessionAlignment alignment;
    private final SessionReplays replays;

    SessionReplayController(BehaviorSessionQueryController sessions, SessionAlignment alignment, SessionReplays replays) {
        this.sessions = sessions;
        this.alignment = alignment;
        this.replays = replays;
    }

    @GetMapping("/v1/behavior-sessions/{sessionId}/replay")
    SseEmitter replay(Caller caller, @PathVariable String sessionId, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(defaultValue = "1") double speed,
                      @RequestParam(required = false) Double rateHz, @RequestParam(required = false) String channels) {
        if (!(speed > 0 && speed <= 1000)) throw FleetloopException.invalid("speed", "between 0 and 1000");
        BehaviorSessionView session = sessions.session(caller, sessionId);
        SessionAlignment.Window window = alignment.window(session, from, to, rateHz, channels, BehaviorSessionQueryController.MAX_EXPORT_FRAMES);
        return replays.start(caller.tenantId(), session, alignment.aligner(session), window, speed);
    }

    @PostMapping("/v1/behavior-sessions/{sessionId}/replay/{replayId}")
    ResponseEntity<Void> control(Caller caller, @PathVariable String sessionId, @PathVariable String replayId,
                                 @RequestBody ReplayControl control) {
        if (control.action() == null) throw FleetloopException.invalid("action", "pause, resume, seek, speed or stop");
        Long to = control.to() == null ? null : SessionAlignment.parse("to", control.to());
        if (!replays.control(caller.tenantId(), sessionId, replayId, control.action(), to, control.speed())) {
            throw FleetloopException.notFound("replay", replayId);
        }
        return ResponseEntity.noContent().build();
    }
}
