package io.fleetloop.command.common;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Whether creating an aggregate failed because one with that id exists already — the answer to a repeated,
 * idempotently keyed creation (a webhook delivered twice, a replayed dispatch). Axon reports it differently per
 * storage engine: AggregateStreamCreationException / ConcurrencyException, or the JDBC engine's EventStoreException.
 */
public final class DuplicateAggregates {

    private DuplicateAggregates() {
    }

    public static boolean isDuplicate(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) return true;
            if (t instanceof EventStoreException && t.getMessage() != null && t.getMessage().contains("Cannot reuse aggregate identifier")) {
                return true;
            }
        }
        return false;
    }
}
