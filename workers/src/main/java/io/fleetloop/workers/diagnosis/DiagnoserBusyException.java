package io.fleetloop.workers.diagnosis;

/** Every slot toward the model is taken and the waiting line is full (or the wait ran out): try again later. */
public class DiagnoserBusyException extends RuntimeException {
    public DiagnoserBusyException(String message) {
        super(message);
    }
}
