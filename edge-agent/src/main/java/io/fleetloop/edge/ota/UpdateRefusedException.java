package io.fleetloop.edge.ota;

/** The update is not accepted: reported as {@code closed}/{@code failure} with {@link #getMessage()} in the details. */
public final class UpdateRefusedException extends Exception {

    private final Refusal refusal;

    public UpdateRefusedException(Refusal refusal, String detail) {
        super(refusal.label() + ": " + detail);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
