package io.fleetloop.platform.axon;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The saga store, noting the last {@value #KEEP} sagas that ended on this node (Axon deletes an ended saga's entry, so
 * nothing else remembers it). In memory only: a restart forgets them, and each node knows its own.
 */
final class RecentlyEndedSagas implements SagaStore<Object> {

    static final int KEEP = 50;

    /** An ended saga with its last stored state (read just before Axon deleted it). */
    record Ended(String sagaId, String sagaType, List<AssociationValue> associations, JsonNode lastState, Instant endedAt) {
    }

    private final SagaStore<Object> store;
    private final Function<Object, JsonNode> describe;
    private final Clock clock;
    private final Deque<Ended> ended = new ArrayDeque<>();

    RecentlyEndedSagas(SagaStore<Object> store, Function<Object, JsonNode> describe, Clock clock) {
        this.store = store;
        this.describe = describe;
        this.clock = clock;
    }

    synchronized List<Ended> ended() {
        return List.copyOf(ended);
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        return store.findSagas(sagaType, associationValue);
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        return store.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        JsonNode lastState = null;
        try {
            Entry<?> entry = store.loadSaga(sagaType, sagaIdentifier);
            if (entry != null) lastState = describe.apply(entry.saga());
        } catch (RuntimeException e) {
            // the log is a convenience: an unreadable state must not stop the saga from ending
        }
        store.deleteSaga(sagaType, sagaIdentifier, associationValues);
        List<AssociationValue> associations = associationValues.stream()
                .sorted(Comparator.comparing(AssociationValue::getKey).thenComparing(AssociationValue::getValue)).toList();
        synchronized (this) {
            ended.addFirst(new Ended(sagaIdentifier, sagaType.getName(), associations, lastState, clock.instant()));
            while (ended.size() > KEEP) ended.removeLast();
        }
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        store.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        store.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }
}
