package io.fleetloop.sagas.common;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.Optional;

/**
 * How a process reads the refusal of a command it sent, from the message alone (sagas see no command-side
 * code): the error code the domain attached, or that a creation keyed by a derived id found the aggregate
 * already there (a replayed or retried dispatch).
 */
public final class CommandRefusals {

    private CommandRefusals() {
    }

    public static Optional<ErrorCode> code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FleetloopException fe) return Optional.of(fe.details().code());
            if (t instanceof HandlerExecutionException he && he.getDetails().orElse(null) instanceof ErrorDetails d) {
                return Optional.of(d.code());
            }
        }
        return Optional.empty();
    }

    /** Axon reports it differently per storage engine (the JDBC engine as an EventStoreException). */
    public static boolean aggregateExists(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) return true;
            if (t instanceof EventStoreException && t.getMessage() != null && t.getMessage().contains("Cannot reuse aggregate identifier")) {
                return true;
            }
        }
        return false;
    }
}
