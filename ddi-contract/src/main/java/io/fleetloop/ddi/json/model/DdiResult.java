package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code status.result}: the final result ({@code none} while running) and optional progress. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiResult(FinalResult finished, DdiProgress progress) {

    public enum FinalResult {
        SUCCESS, FAILURE, NONE;

        @JsonValue
        public String json() {
            return JsonEnums.json(this);
        }

        @JsonCreator
        public static FinalResult of(String value) {
            return JsonEnums.parse(FinalResult.class, "status.result.finished", value);
        }
    }
}
