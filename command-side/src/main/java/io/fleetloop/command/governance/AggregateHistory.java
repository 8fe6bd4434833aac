package io.fleetloop.command.governance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.TenantOwned;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An aggregate's history and its state at any instant, read through Axon's {@link EventStore} API (so it works
 * the same on PostgreSQL and Axon Server). The state is rebuilt by the aggregate's own event sourcing handlers.
 */
@Component
public class AggregateHistory {

    public record HistoricEvent(long sequenceNumber, String eventType, Instant timestamp, JsonNode payload,
                                Map<String, Object> metaData) {
    }

    public record History(String aggregateId, String aggregateType, List<HistoricEvent> events) {
    }

    public record StateAt(String aggregateId, String aggregateType, Instant at, long version, Instant lastEventAt,
                          JsonNode state) {
    }

    private final EventStore eventStore;
    private final Configuration axon;
    private final ObjectMapper json;
    private final ObjectMapper stateWriter;
    private volatile Map<String, AggregateModel<?>> models;

    AggregateHistory(EventStore eventStore, Configuration axon, ObjectMapper json) {
        this.eventStore = eventStore;
        this.axon = axon;
        this.json = json;
        this.stateWriter = json.copy()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public History history(String tenantId, String aggregateId) {
        List<DomainEventMessage<?>> events = eventsOf(tenantId, aggregateId);
        return new History(aggregateId, events.get(0).getType(), events.stream().map(this::historic).toList());
    }

    public StateAt stateAt(String tenantId, String aggregateId, Instant at) {
        List<DomainEventMessage<?>> all = eventsOf(tenantId, aggregateId);
        List<DomainEventMessage<?>> upTo = all.stream().filter(e -> !e.getTimestamp().isAfter(at)).toList();
        if (upTo.isEmpty()) {
            throw FleetloopException.notFound("aggregate state at " + at + " of", aggregateId + " (it did not exist yet)");
        }
        DomainEventMessage<?> last = upTo.get(upTo.size() - 1);
        Object root = rebuild(last.getType(), upTo);
        return new StateAt(aggregateId, last.getType(), at, last.getSequenceNumber(), last.getTimestamp(),
                stateWriter.valueToTree(root));
    }

    private List<DomainEventMessage<?>> eventsOf(String tenantId, String aggregateId) {
        List<DomainEventMessage<?>> events = eventStore.readEvents(aggregateId, 0).asStream()
                .<DomainEventMessage<?>>map(e -> e).toList();
        if (events.isEmpty() || !tenantId.equals(tenantOf(events.get(0)))) {
            throw FleetloopException.notFound("aggregate", aggregateId);
        }
        return events;
    }

    private static String tenantOf(DomainEventMessage<?> event) {
        if (event.getPayload() instanceof TenantOwned owned) return owned.tenantId();
        Object tenant = event.getMetaData().get("tenantId");
        return tenant == null ? null : tenant.toString();
    }

    private HistoricEvent historic(DomainEventMessage<?> event) {
        return new HistoricEvent(event.getSequenceNumber(), event.getPayloadType().getSimpleName(), event.getTimestamp(),
                json.valueToTree(event.getPayload()), Map.copyOf(event.getMetaData()));
    }

    /**
     * Rebuilt as the application's repository rebuilds it: the aggregate model is inspected with the Axon
     * configuration's parameter resolvers and handler definitions (handlers that take a {@code Clock} or another
     * Spring bean resolve as in the running application, not only where axon-test happens to be on the classpath),
     * and the instance comes from the configured aggregate factory.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object rebuild(String aggregateType, List<DomainEventMessage<?>> events) {
        AggregateModel model = models().get(aggregateType);
        if (model == null) {
            throw FleetloopException.conflict("aggregate type " + aggregateType + " cannot be rebuilt by this platform version");
        }
        Class type = model.entityClass();
        Object instance = axon.aggregateFactory(type).createAggregateRoot(events.get(0).getAggregateIdentifier(), events.get(0));
        EventSourcedAggregate<?> aggregate = EventSourcedAggregate.initialize(instance, model, (EventBus) null,
                NoSnapshotTriggerDefinition.INSTANCE.prepareTrigger(type));
        aggregate.initializeState(DomainEventStream.of((List) events));
        return aggregate.getAggregateRoot();
    }

    /** The application's aggregate models by the type name their events carry; inspected once. */
    private Map<String, AggregateModel<?>> models() {
        if (models == null) {
            models = axon.findModules(AggregateConfiguration.class).stream()
                    .<AggregateModel<?>>map(c -> AnnotatedAggregateMetaModelFactory.inspectAggregate(c.aggregateType(),
                            axon.parameterResolverFactory(), axon.handlerDefinition(c.aggregateType())))
                    .collect(Collectors.toUnmodifiableMap(AggregateModel::type, Function.identity(), (a, b) -> a));
        }
        return models;
    }

}
