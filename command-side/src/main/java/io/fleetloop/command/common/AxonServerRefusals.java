package io.fleetloop.command.common;

import io.grpc.Status;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.command.AxonServerNonTransientRemoteCommandHandlingException;
import org.axonframework.axonserver.connector.command.AxonServerRemoteCommandHandlingException;
import org.axonframework.messaging.HandlerExecutionException;

/**
 * Reads a command refusal that came back over Axon Server's command bus. The handler's exception does not cross
 * that wire: the handling side sends an Axon Server error code chosen by the exception's transiency
 * ({@link ErrorCode#getCommandExecutionErrorCode}), the messages of its cause chain and, for our own refusals, the
 * error details. So what kind of refusal it was is read from those codes, never from an exception type of the
 * handling side (which the dispatcher never sees) nor from a message's wording.
 */
public final class AxonServerRefusals {

    /** How gRPC renders a status as the message of the exception the connector completes the append with. */
    private static final String SEQUENCE_STATUS = Status.Code.OUT_OF_RANGE.name() + ":";

    private AxonServerRefusals() {
    }

    /**
     * The event store refused the command's append at commit for the aggregate's sequence — an aggregate with that id
     * exists already, or another append came first. Axon Server answers INVALID_SEQUENCE (AXONIQ-2000) with gRPC
     * status OUT_OF_RANGE (the status it gives only to refusals it maps to HTTP 409 itself); the connector's commit
     * rethrows that StatusRuntimeException as it is, so the dispatcher receives a transient command execution error
     * (AXONIQ-4002) whose description is that status as gRPC renders it, {@code OUT_OF_RANGE: <description>}.
     */
    public static boolean isSequenceRefusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AxonServerRemoteCommandHandlingException remote
                    && ErrorCode.COMMAND_EXECUTION_ERROR.errorCode().equals(remote.getErrorCode())) {
                return remote.getExceptionDescriptions().stream().anyMatch(d -> d.startsWith(SEQUENCE_STATUS));
            }
        }
        return false;
    }

    /**
     * The handler failed for good and sent no details (AXONIQ-4005 without error details): how Axon Server delivers
     * an AggregateNotFoundException or IncompatibleAggregateException — both non-transient, neither with details.
     * Our own refusals always carry {@link io.fleetloop.api.common.ErrorDetails}, so they never land here.
     */
    public static boolean isNonTransientWithoutDetails(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HandlerExecutionException handling && handling.getDetails().isPresent()) return false;
            if (t instanceof AxonServerNonTransientRemoteCommandHandlingException remote) {
                return ErrorCode.COMMAND_EXECUTION_NON_TRANSIENT_ERROR.errorCode().equals(remote.getErrorCode());
            }
        }
        return false;
    }
}
