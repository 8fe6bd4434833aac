package io.fleetloop.command.governance;

import io.fleetloop.api.common.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Event replay for auditors: an aggregate's history, and its state rebuilt at an instant. */
@RestController
class AggregateReplayController {

    private final AggregateHistory history;

    AggregateReplayController(AggregateHistory history) {
        this.history = history;
    }

    @GetMapping("/v1/audit/aggregates/{aggregateId}/events")
    AggregateHistory.History events(Caller caller, @PathVariable String aggregateId) {
        return history.history(caller.tenantId(), aggregateId);
    }

    @GetMapping("/v1/audit/aggregates/{aggregateId}/state")
    AggregateHistory.StateAt state(Caller caller, @PathVariable String aggregateId, @RequestParam Instant at) {
        return history.stateAt(caller.tenantId(), aggregateId, at);
    }
}
