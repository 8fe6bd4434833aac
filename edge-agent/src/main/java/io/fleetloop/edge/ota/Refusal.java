package io.fleetloop.edge.ota;

/** Why a device refuses an update; the label starts the detail it reports. */
public enum Refusal {
    UNSIGNED("unsigned"),
    BAD_SIGNATURE("bad signature"),
    MALFORMED_MANIFEST("malformed manifest"),
    WRONG_DEVICE("wrong device"),
    DOWNGRADE("downgrade"),
    TAMPERED_ARTIFACT("tampered artifact");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
