package io.fleetloop.platform.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.fleetloop.api.common.Caller;
import io.fleetloop.query.admin.SagaEntries;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerHumanReadableDeadlineDetails;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.fleetloop.platform.axon.ProcessorAdminController.problem;

/**
 * Saga inspection for the operator console ({@code GET /v1/admin/sagas}): the in-flight sagas of each type with their
 * association values and stored state, the deadlines db-scheduler holds for them, the sagas that recently ended on this
 * node, and for every association value the link to that aggregate's event history (audit time travel). Sagas are found
 * and loaded through Axon's {@link SagaStore}; only the listing of a whole type reads {@code saga_entry} ({@link SagaEntries}:
 * the store has no listing call). A caller sees the sagas of its own tenant (the state's {@code tenantId}) and sagas that
 * name no tenant. Needs {@code SAGA_READ}, which only {@code PLATFORM_ADMIN} holds.
 */
@RestController
class SagaAdminController {

    static final int LIMIT = 200;

    record Association(String key, String value, String history) {
        static Association of(AssociationValue value) {
            return new Association(value.getKey(), value.getValue(), "/v1/audit/aggregates/" + value.getValue() + "/events");
        }
    }

    record Deadline(String deadlineName, String sagaId, String sagaType, Instant at, boolean picked, JsonNode payload) {
    }

    record SagaView(String sagaId, String type, String typeName, List<Association> associations, JsonNode state, List<Deadline> deadlines) {
    }

    record EndedView(String sagaId, String type, String typeName, List<Association> associations, JsonNode lastState, Instant endedAt) {
    }

    record TypeView(String type, String typeName, long inFlight) {
    }

    private final RecentlyEndedSagas store;
    private final SagaEntries entries;
    private final EventProcessingConfiguration processing;
    private final Serializer serializer;
    private final ObjectProvider<SchedulerClient> scheduler;

    SagaAdminController(RecentlyEndedSagas store, SagaEntries entries, EventProcessingConfiguration processing,
                        @Qualifier("serializer") Serializer serializer, ObjectProvider<SchedulerClient> scheduler) {
        this.store = store;
        this.entries = entries;
        this.processing = processing;
        this.serializer = serializer;
        this.scheduler = scheduler;
    }

    @GetMapping("/v1/admin/sagas")
    ResponseEntity<?> sagas(Caller caller, @RequestParam(required = false) String type, @RequestParam(required = false) String association) {
        Map<String, Class<?>> types = sagaTypes();
        List<Class<?>> selected = new ArrayList<>();
        if (type == null || type.isBlank()) {
            selected.addAll(types.values());
        } else {
            Class<?> chosen = types.values().stream().filter(c -> c.getName().equals(type) || c.getSimpleName().equals(type)).findFirst().orElse(null);
            if (chosen == null) return problem(HttpStatus.BAD_REQUEST, "type: no saga type " + type + "; known: " + types.keySet());
            selected.add(chosen);
        }
        AssociationValue wanted = null;
        if (association != null && !association.isBlank()) {
            int colon = association.indexOf(':');
            if (colon <= 0 || colon == association.length() - 1) {
                return problem(HttpStatus.BAD_REQUEST, "association must be key:value (e.g. taskId:<release task id>), not " + association);
            }
            wanted = new AssociationValue(association.substring(0, colon), association.substring(colon + 1));
        }

        Map<String, List<Deadline>> deadlines = deadlinesBySaga();
        List<SagaView> items = new ArrayList<>();
        for (Class<?> sagaType : selected) {
            Set<String> ids = wanted != null ? store.findSagas(sagaType, wanted) : new LinkedHashSet<>(entries.idsOfType(sagaType.getName(), LIMIT));
            for (String id : ids) {
                if (items.size() >= LIMIT) break;
                SagaStore.Entry<?> entry = store.loadSaga(sagaType, id);
                if (entry == null) continue; // ended between the listing and the load
                JsonNode state = state(serializer, entry.saga());
                if (!visible(caller, state)) continue;
                List<Association> associations = entry.associationValues().stream()
                        .sorted(Comparator.comparing(AssociationValue::getKey).thenComparing(AssociationValue::getValue))
                        .map(Association::of).toList();
                items.add(new SagaView(id, sagaType.getSimpleName(), sagaType.getName(), associations, state, deadlines.getOrDefault(id, List.of())));
            }
        }
        List<EndedView> ended = new ArrayList<>();
        for (RecentlyEndedSagas.Ended saga : store.ended()) {
            if (!visible(caller, saga.lastState())) continue;
            if (selected.stream().noneMatch(c -> c.getName().equals(saga.sagaType()))) continue;
            if (wanted != null && !saga.associations().contains(wanted)) continue;
            ended.add(new EndedView(saga.sagaId(), simpleName(saga.sagaType()), saga.sagaType(), saga.associations().stream().map(Association::of).toList(),
                    saga.lastState(), saga.endedAt()));
        }
        Map<String, Long> counts = entries.countsByType();
        List<TypeView> typeViews = types.values().stream()
                .map(c -> new TypeView(c.getSimpleName(), c.getName(), counts.getOrDefault(c.getName(), 0L))).toList();
        List<Deadline> scheduled = items.stream().flatMap(s -> s.deadlines().stream()).sorted(Comparator.comparing(Deadline::at)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total", items.size());
        body.put("deadlines", scheduled);
        body.put("recentlyEnded", ended);
        body.put("types", typeViews);
        return ResponseEntity.ok(body);
    }

    /** The saga classes configured in Axon, by class name. */
    private Map<String, Class<?>> sagaTypes() {
        Map<String, Class<?>> types = new java.util.TreeMap<>();
        for (SagaConfiguration<?> saga : processing.sagaConfigurations()) types.put(saga.type().getName(), saga.type());
        return types;
    }

    /** Every deadline db-scheduler holds for a saga, by saga id (read through the scheduler's client, not its table). */
    private Map<String, List<Deadline>> deadlinesBySaga() {
        Map<String, List<Deadline>> bySaga = new HashMap<>();
        SchedulerClient client = scheduler.getIfAvailable();
        if (client == null) return bySaga;
        client.fetchScheduledExecutions((ScheduledExecution<Object> execution) -> {
            Object data;
            try {
                data = execution.getData();
            } catch (RuntimeException e) {
                return; // a task whose data this node cannot read (not a deadline of ours)
            }
            String name;
            ScopeDescriptor scope;
            JsonNode payload = null;
            try {
                if (data instanceof DbSchedulerBinaryDeadlineDetails binary) {
                    name = binary.getD();
                    scope = binary.getDeserializedScopeDescriptor(serializer);
                    payload = payload(binary.asDeadLineMessage(serializer).getPayload());
                } else if (data instanceof DbSchedulerHumanReadableDeadlineDetails readable) {
                    name = readable.getDeadlineName();
                    scope = readable.getDeserializedScopeDescriptor(serializer);
                    payload = payload(readable.asDeadLineMessage(serializer).getPayload());
                } else {
                    return;
                }
            } catch (RuntimeException e) {
                return;
            }
            if (scope instanceof SagaScopeDescriptor saga) {
                String sagaId = String.valueOf(saga.getIdentifier());
                bySaga.computeIfAbsent(sagaId, id -> new ArrayList<>())
                        .add(new Deadline(name, sagaId, simpleName(saga.getType()), execution.getExecutionTime(), execution.isPicked(), payload));
            }
        });
        return bySaga;
    }

    private JsonNode payload(Object payload) {
        return payload == null ? null : state(serializer, payload);
    }

    private static boolean visible(Caller caller, JsonNode state) {
        if (state == null || !state.has("tenantId")) return true; // a saga that names no tenant (none of ours today)
        return caller.tenantId().equals(state.path("tenantId").asText(null));
    }

    private static String simpleName(String className) {
        return className == null ? null : className.substring(className.lastIndexOf('.') + 1);
    }

    /** A saga's (or payload's) state as Axon stores it: the serializer's JSON, else its text. */
    static JsonNode state(Serializer serializer, Object object) {
        try {
            return serializer.serialize(object, JsonNode.class).getData();
        } catch (RuntimeException e) {
            return Optional.ofNullable(object).map(o -> (JsonNode) TextNode.valueOf(String.valueOf(o))).orElse(null);
        }
    }
}
