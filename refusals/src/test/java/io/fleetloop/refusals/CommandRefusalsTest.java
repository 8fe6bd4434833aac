package io.fleetloop.refusals;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.grpc.Status;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shape in which a refusal reaches a sender: locally (the JDBC/JPA event store) and over Axon Server's command
 * bus, where each failure goes through the connector's own {@link CommandSerializer} as it does on the wire.
 */
class CommandRefusalsTest {

    private static final CommandSerializer WIRE = new CommandSerializer(JacksonSerializer.defaultSerializer(),
            AxonServerConfiguration.builder().componentName("fleetloop").build());

    private static RuntimeException overAxonServer(Throwable failure) {
        var response = WIRE.serialize(GenericCommandResultMessage.asCommandResultMessage(failure), "request-1");
        return (RuntimeException) WIRE.deserialize(response).exceptionResult();
    }

    private static RuntimeException local(Throwable failure) {
        return new CommandExecutionException("failed", failure);
    }

    @Test
    void aDuplicateAggregateOnPostgresIsRecognisedInEachShapeTheEngineReportsIt() {
        assertThat(CommandRefusals.isDuplicateAggregate(local(new AggregateStreamCreationException("car-1 exists")))).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(local(new ConcurrencyException("car-1 at sequence 0 was already inserted")))).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(local(new EventStoreException("An event for aggregate car-1 could not be stored",
                new SQLException("duplicate key value violates unique constraint", "23505"))))).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(local(new EventStoreException("Cannot reuse aggregate identifier [car-1]")))).isTrue();
    }

    @Test
    void aDuplicateAggregateRefusedByAxonServerAtCommitIsRecognised() {
        RuntimeException refused = overAxonServer(Status.OUT_OF_RANGE
                .withDescription("Invalid sequence number 0 for aggregate car-1, expected 1").asRuntimeException());

        assertThat(CommandRefusals.isSequenceRefusal(refused)).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(refused)).isTrue();
        assertThat(CommandRefusals.details(refused)).isEmpty();
    }

    @Test
    void ourOwnRefusalKeepsItsCodeLocallyAndAcrossTheWire() {
        var duplicate = new FleetloopException(ErrorDetails.of(ErrorCode.VALIDATION_FAILED, "no assets"));
        RuntimeException overTheWire = overAxonServer(new CommandExecutionException(duplicate.getMessage(), duplicate, duplicate.details()));

        assertThat(CommandRefusals.code(duplicate)).contains(ErrorCode.VALIDATION_FAILED);
        assertThat(CommandRefusals.code(local(duplicate))).contains(ErrorCode.VALIDATION_FAILED);
        assertThat(CommandRefusals.code(overTheWire)).contains(ErrorCode.VALIDATION_FAILED);
        assertThat(CommandRefusals.isDuplicateAggregate(overTheWire)).isFalse();
        assertThat(CommandRefusals.isNonTransientWithoutDetails(overTheWire)).isFalse();
    }

    @Test
    void aMissingAggregateOverAxonServerIsNonTransientWithoutDetails() {
        RuntimeException missing = overAxonServer(new AggregateNotFoundException("car-9", "not found"));

        assertThat(CommandRefusals.isNonTransientWithoutDetails(missing)).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(missing)).isFalse();
    }

    @Test
    void otherFailuresAreNoRefusal() {
        RuntimeException unavailable = overAxonServer(Status.UNAVAILABLE.withDescription("no leader").asRuntimeException());
        RuntimeException otherConstraint = local(new EventStoreException("could not be stored", new SQLException("null value", "23502")));

        for (RuntimeException error : new RuntimeException[] {unavailable, otherConstraint, local(new IllegalStateException("bug"))}) {
            assertThat(CommandRefusals.isDuplicateAggregate(error)).isFalse();
            assertThat(CommandRefusals.isNonTransientWithoutDetails(error)).isFalse();
            assertThat(CommandRefusals.details(error)).isEmpty();
        }
    }
}
