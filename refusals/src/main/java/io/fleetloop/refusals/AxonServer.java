package io.fleetloop.refusals;

import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.command.AxonServerNonTransientRemoteCommandHandlingException;
import org.axonframework.axonserver.connector.command.AxonServerRemoteCommandHandlingException;
import org.axonframework.messaging.HandlerExecutionException;

/**
 * Axon Server's refusals, read from the error codes the connector puts on the exception. Loaded only when the connector
 * is on the class path ({@link CommandRefusals}, checking by name), since the connector is optional for every module.
 */
final class AxonServer {

    /** How gRPC renders status OUT_OF_RANGE as the message of the exception the connector completes the append with. */
    private static final String SEQUENCE_STATUS = "OUT_OF_RANGE:";

    private AxonServer() {
    }

    static boolean isSequenceRefusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AxonServerRemoteCommandHandlingException remote
                    && ErrorCode.COMMAND_EXECUTION_ERROR.errorCode().equals(remote.getErrorCode())) {
                return remote.getExceptionDescriptions().stream().anyMatch(d -> d.startsWith(SEQUENCE_STATUS));
            }
        }
        return false;
    }

    static boolean isNonTransientWithoutDetails(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HandlerExecutionException handling && handling.getDetails().isPresent()) return false;
            if (t instanceof AxonServerNonTransientRemoteCommandHandlingException remote) {
                return ErrorCode.COMMAND_EXECUTION_NON_TRANSIENT_ERROR.errorCode().equals(remote.getErrorCode());
            }
        }
        return false;
    }
}
