package io.fleetloop.platform.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

import java.io.IOException;

/**
 * The projections' dead-letter policy: a handler that fails because a dependency does not answer (Elasticsearch,
 * the object store or Kafka down or frozen: an {@link IOException} on the way, or a client's timeout) is not a
 * poison event. Parking it would park every event of the outage; instead the failure is thrown on, the batch rolls
 * back and the processor retries it with back-off until the dependency is back, then catches up (nothing is lost,
 * nothing is skipped). Any other failure is parked as before.
 */
final class DependencyOutagePolicy implements EnqueuePolicy<EventMessage<?>> {

    /** Thrown instead of parking: the processor sees an error and retries the batch. */
    static final class DependencyUnavailable extends RuntimeException {
        DependencyUnavailable(Throwable cause) {
            super("a dependency did not answer; retrying instead of dead-lettering: " + cause, cause);
        }
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (transientOutage(cause)) throw new DependencyUnavailable(cause);
        return Decisions.enqueue(ThrowableCause.truncated(cause)); // Axon's default decision
    }

    static boolean transientOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            // Elasticsearch's low-level client reports an error *answer* (e.g. a mapping conflict) as an IOException too.
            if (name.equals("org.elasticsearch.client.ResponseException")) {
                int status = responseStatus(t);
                return status == 429 || status >= 500;
            }
            // Jackson's exceptions are IOExceptions too, but a payload that cannot be (de)serialized stays so: park it.
            if (name.startsWith("com.fasterxml.jackson.")) return false;
            if (t instanceof IOException || name.endsWith("TimeoutException") || name.startsWith("org.apache.kafka.common.errors.")
                    && name.contains("Retriable")) return true;
        }
        return false;
    }

    private static int responseStatus(Throwable responseException) {
        try {
            Object response = responseException.getClass().getMethod("getResponse").invoke(responseException);
            Object statusLine = response.getClass().getMethod("getStatusLine").invoke(response);
            return (int) statusLine.getClass().getMethod("getStatusCode").invoke(statusLine);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }
}
