package io.fleetloop.platform.web;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.refusals.CommandRefusals;
import io.grpc.Status;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a command's failure reaches the REST caller on the {@code axonserver} profile. Each failure goes through the
 * Axon Server connector's own {@link CommandSerializer} as it does on the wire: serialised by the handling side into
 * a CommandResponse (error code, error message, details), deserialised by the dispatching side into the exception
 * the gateway throws.
 */
class AxonServerRefusalsTest {

    private static final CommandSerializer WIRE = new CommandSerializer(JacksonSerializer.defaultSerializer(),
            AxonServerConfiguration.builder().componentName("fleetloop").build());

    private final ProblemHandler problems = new ProblemHandler();

    /** The exception the dispatcher's gateway throws when the handler (or its commit) failed with {@code failure}. */
    private static RuntimeException overAxonServer(Throwable failure) {
        var response = WIRE.serialize(GenericCommandResultMessage.asCommandResultMessage(failure), "request-1");
        return (RuntimeException) WIRE.deserialize(response).exceptionResult();
    }

    @Test
    void aDuplicateAggregateRefusedAtCommitIsAConflictAsOnPostgres() {
        // Axon Server refuses the append (INVALID_SEQUENCE, AXONIQ-2000) with gRPC status OUT_OF_RANGE; the connector's commit rethrows it as it is.
        RuntimeException refused = overAxonServer(Status.OUT_OF_RANGE
                .withDescription("Invalid sequence number 0 for aggregate car-1, expected 1").asRuntimeException());

        assertThat(refused).isInstanceOf(CommandExecutionException.class);
        assertThat(CommandRefusals.isSequenceRefusal(refused)).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(refused)).isTrue();
        assertProblem(problems.domain(refused), 409, "STATE_CONFLICT");
    }

    @Test
    void aMissingAggregateIsNotFound() {
        RuntimeException missing = overAxonServer(new AggregateNotFoundException("car-9", "The aggregate was not found in the event store"));

        assertThat(CommandRefusals.isNonTransientWithoutDetails(missing)).isTrue();
        assertThat(CommandRefusals.isDuplicateAggregate(missing)).isFalse();
        assertProblem(problems.domain(missing), 404, "NOT_FOUND");
    }

    @Test
    void anAggregateOfAnotherTypeIsNotFound() {
        RuntimeException otherType = overAxonServer(new IncompatibleAggregateException("Aggregate identifier car-1 is a Device, not a ReleaseTask"));

        assertProblem(problems.domain(otherType), 404, "NOT_FOUND");
    }

    @Test
    void ourOwnRefusalKeepsItsCodeAcrossTheWire() {
        var duplicate = new FleetloopException(ErrorDetails.of(ErrorCode.DUPLICATE, "device car-1 is registered already"));
        RuntimeException refused = overAxonServer(new CommandExecutionException(duplicate.getMessage(), duplicate, duplicate.details()));

        assertThat(CommandRefusals.details(refused)).map(ErrorDetails::code).contains(ErrorCode.DUPLICATE);
        assertThat(CommandRefusals.isSequenceRefusal(refused)).isFalse();
        assertThat(CommandRefusals.isNonTransientWithoutDetails(refused)).isFalse();
        assertProblem(problems.domain(refused), 409, "DUPLICATE");
    }

    @Test
    void anotherFailureOfTheEventStoreIsNeitherAConflictNorMissing() {
        RuntimeException unavailable = overAxonServer(Status.UNAVAILABLE.withDescription("no leader for context default").asRuntimeException());
        RuntimeException failed = overAxonServer(new IllegalStateException("the handler failed"));

        for (RuntimeException error : new RuntimeException[] {unavailable, failed}) {
            assertThat(CommandRefusals.isDuplicateAggregate(error)).isFalse();
            assertThat(CommandRefusals.isNonTransientWithoutDetails(error)).isFalse();
            assertThat(problems.domain(error).getStatusCode().value()).isEqualTo(500);
        }
    }

    private static void assertProblem(ResponseEntity<ProblemDetail> response, int status, String code) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getBody().getProperties()).containsEntry("code", code);
    }
}
