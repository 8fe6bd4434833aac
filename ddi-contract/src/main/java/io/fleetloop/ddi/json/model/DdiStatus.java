package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/** A feedback's {@code status}: where the action stands on the device, its result, an optional code and details. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiStatus(ExecutionStatus execution, DdiResult result, Integer code, List<String> details) {

    public List<String> detailList() {
        return details == null ? List.of() : details;
    }

    /** The result's {@code finished}, {@code none} when the device sent no result. */
    public DdiResult.FinalResult finished() {
        return result == null || result.finished() == null ? DdiResult.FinalResult.NONE : result.finished();
    }

    public enum ExecutionStatus {
        CLOSED, PROCEEDING, CANCELED, SCHEDULED, REJECTED, RESUMED, DOWNLOADED, DOWNLOAD;

        @JsonValue
        public String json() {
            return JsonEnums.json(this);
        }

        @JsonCreator
        public static ExecutionStatus of(String value) {
            return JsonEnums.parse(ExecutionStatus.class, "status.execution", value);
        }
    }
}
