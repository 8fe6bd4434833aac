package io.fleetloop.command.common;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Whether creating an aggregate failed because one with that id exists already — the answer to a repeated,
 * idempotently keyed creation (a webhook delivered twice, a replayed dispatch). Axon reports it differently per
 * storage engine: AggregateStreamCreationException / ConcurrencyException, the JDBC engine's EventStoreException,
 * or Axon Server's refusal of the append for its sequence ({@link AxonServerRefusals#isSequenceRefusal}).
 */
public final class DuplicateAggregates {

    private DuplicateAggregates() {
    }

    public static boolean isDuplicate(Throwable error) {
        if (AxonServerRefusals.isSequenceRefusal(error)) return true;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) return true;
            if (t instanceof EventStoreException && t.getMessage() != null && t.getMessage().contains("Cannot reuse aggregate identifier")) {
                return true;
            }
        }
        return false;
    }
}
