package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code deployment.maintenanceWindow}: whether the rollout's maintenance window is open now; absent when it has none. */
public enum DdiMaintenanceWindowStatus {
    AVAILABLE, UNAVAILABLE;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static DdiMaintenanceWindowStatus of(String value) {
        return JsonEnums.parse(DdiMaintenanceWindowStatus.class, "deployment.maintenanceWindow", value);
    }
}
