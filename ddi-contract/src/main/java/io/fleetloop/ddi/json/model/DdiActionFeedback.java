package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST deploymentBase/{actionId}/feedback} and {@code cancelAction/{actionId}/feedback}. {@code id} is what
 * hawkBit before 0.4 required; newer servers ignore it, so clients still send it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiActionFeedback(String id, String time, DdiStatus status) {

    /** The feedback, if it carries what every feedback must: a status with an execution. */
    public DdiActionFeedback validate() {
        if (status == null) throw new DdiContractException("status", "an object with execution and result");
        if (status.execution() == null) {
            throw new DdiContractException("status.execution", "one of " + JsonEnums.allowed(DdiStatus.ExecutionStatus.class));
        }
        return this;
    }
}
