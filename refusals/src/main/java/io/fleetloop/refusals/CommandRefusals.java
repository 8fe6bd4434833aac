package io.fleetloop.refusals;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The one place that reads why a command was refused, for every sender (REST controllers, webhooks, processes, jobs)
 * and every event store (PostgreSQL through JDBC or JPA, Axon Server). Domain refusals carry {@link ErrorDetails};
 * the rest is read from what the event store reported, never from a handler-side exception type the sender cannot see.
 */
public final class CommandRefusals {

    /** PostgreSQL's (and the SQL standard's) unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final boolean AXON_SERVER_CONNECTOR = connectorPresent();

    private CommandRefusals() {
    }

    /** The details our own refusal carried (a {@link FleetloopException} locally, {@link ErrorDetails} over any bus). */
    public static Optional<ErrorDetails> details(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FleetloopException fe) return Optional.of(fe.details());
            if (t instanceof HandlerExecutionException he && he.getDetails().orElse(null) instanceof ErrorDetails d) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public static Optional<ErrorCode> code(Throwable error) {
        return details(error).map(ErrorDetails::code);
    }

    /**
     * Creating an aggregate failed because one with that id exists already — the answer to a repeated, idempotently
     * keyed creation (a webhook delivered twice, a replayed or retried dispatch). Each store says it its own way:
     * AggregateStreamCreationException / ConcurrencyException (JDBC and JPA engines with a duplicate-key resolver), an
     * EventStoreException over a unique violation of the event table (without one), or Axon Server's refusal of the
     * append for its sequence ({@link #isSequenceRefusal}).
     */
    public static boolean isDuplicateAggregate(Throwable error) {
        if (details(error).isPresent()) return false;
        if (isSequenceRefusal(error)) return true;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) return true;
            if (t instanceof EventStoreException store && (mentionsReuse(store) || causedByUniqueViolation(store))) return true;
        }
        return false;
    }

    /**
     * The event store refused the command's append at commit for the aggregate's sequence — an aggregate with that id
     * exists already, or another append came first. Axon Server answers INVALID_SEQUENCE (AXONIQ-2000) with gRPC
     * status OUT_OF_RANGE; the connector's commit rethrows that as it is, so the dispatcher receives a transient command
     * execution error (AXONIQ-4002) whose description is that status as gRPC renders it, {@code OUT_OF_RANGE: ...}.
     * False when Axon Server's connector is not on the class path (nothing can then have come over its wire).
     */
    public static boolean isSequenceRefusal(Throwable error) {
        return AXON_SERVER_CONNECTOR && AxonServer.isSequenceRefusal(error);
    }

    /**
     * The handler failed for good and sent no details (AXONIQ-4005 without error details): how Axon Server delivers an
     * AggregateNotFoundException or IncompatibleAggregateException. Our own refusals always carry details.
     */
    public static boolean isNonTransientWithoutDetails(Throwable error) {
        return AXON_SERVER_CONNECTOR && AxonServer.isNonTransientWithoutDetails(error);
    }

    private static boolean mentionsReuse(EventStoreException e) {
        return e.getMessage() != null && e.getMessage().contains("Cannot reuse aggregate identifier");
    }

    private static boolean causedByUniqueViolation(EventStoreException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) return true;
        }
        return false;
    }

    private static boolean connectorPresent() {
        try {
            Class.forName("org.axonframework.axonserver.connector.command.AxonServerRemoteCommandHandlingException",
                    false, CommandRefusals.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
