package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The caller's tenant's DDI polling intervals: {@code sleep} while a device has nothing to do, {@code activeSleep}
 * while it has an action pending or running (ISO-8601 durations, 1 s to 24 h, activeSleep at most sleep).
 */
@RestController
class PollingConfigController {

    record OtaPollingConfig(String sleep, String activeSleep, String source) {
    }

    record OtaPollingConfigRequest(String sleep, String activeSleep) {
    }

    private final PollingIntervals intervals;

    PollingConfigController(PollingIntervals intervals) {
        this.intervals = intervals;
    }

    @GetMapping("/v1/ota/polling-config")
    OtaPollingConfig get(Caller caller) {
        return view(intervals.of(caller.tenantId()));
    }

    @PutMapping("/v1/ota/polling-config")
    OtaPollingConfig put(Caller caller, @RequestBody OtaPollingConfigRequest request) {
        if (request == null) throw FleetloopException.invalid("body", "{sleep, activeSleep}");
        intervals.set(caller.tenantId(), duration("sleep", request.sleep()), duration("activeSleep", request.activeSleep()), caller.operator());
        return view(intervals.of(caller.tenantId()));
    }

    private static Duration duration(String field, String value) {
        if (value == null || value.isBlank()) throw FleetloopException.invalid(field, "required, an ISO-8601 duration such as PT5M");
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw FleetloopException.invalid(field, "an ISO-8601 duration such as PT5M, not " + value);
        }
    }

    private static OtaPollingConfig view(PollingIntervals.Intervals value) {
        return new OtaPollingConfig(value.sleep().toString(), value.activeSleep().toString(), value.source().name());
    }
}
