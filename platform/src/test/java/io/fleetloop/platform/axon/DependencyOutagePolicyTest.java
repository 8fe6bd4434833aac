package io.fleetloop.platform.axon;

import com.fasterxml.jackson.core.JsonParseException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which handler failures park an event, and which make the processor retry (a dependency that does not answer). */
class DependencyOutagePolicyTest {

    private final DependencyOutagePolicy policy = new DependencyOutagePolicy();
    private final DeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>("aggregate-1", GenericEventMessage.asEventMessage("payload"));

    @Test
    void aDependencyThatDoesNotAnswerIsRetriedNotParked() {
        assertThatThrownBy(() -> policy.decide(letter, new ConnectException("Connection refused")))
                .isInstanceOf(DependencyOutagePolicy.DependencyUnavailable.class);
        assertThatThrownBy(() -> policy.decide(letter, new IllegalStateException("wrapped", new SocketTimeoutException("30,000 ms"))))
                .isInstanceOf(DependencyOutagePolicy.DependencyUnavailable.class);
        assertThatThrownBy(() -> policy.decide(letter, new RuntimeException(new org.apache.kafka.common.errors.TimeoutException("expired"))))
                .isInstanceOf(DependencyOutagePolicy.DependencyUnavailable.class);
    }

    @Test
    void aFailureOfTheEventItselfIsParked() {
        assertThat(policy.decide(letter, new IllegalStateException("poisoned aggregate")).shouldEnqueue()).isTrue();
        assertThat(policy.decide(letter, new UncheckedIOException(new JsonParseException(null, "unreadable"))).shouldEnqueue()).isTrue();
        assertThat(policy.decide(letter, new IllegalArgumentException("bad")).enqueueCause().orElseThrow().getMessage()).isEqualTo("bad");
    }
}
