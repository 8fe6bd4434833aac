package io.fleetloop.api.diagnosis;

import java.util.Locale;

/** Seed 004's batch lifecycle: pending → uploaded → scattering → scattered → gathering → diagnosing → completed / failed. */
public enum BatchStatus {
    PENDING, UPLOADED, SCATTERING, SCATTERED, GATHERING, DIAGNOSING, COMPLETED, FAILED;

    /** The seed's spelling (lower case), as REST shows it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
