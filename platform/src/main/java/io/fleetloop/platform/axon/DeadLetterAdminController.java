package io.fleetloop.platform.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.fleetloop.platform.axon.ProcessorAdminController.problem;

/**
 * The projections' dead letters ({@code /v1/admin/dead-letters}): list them per processor and sequence, retry one sequence or
 * all, evict a sequence. A caller sees and acts on the letters of its own tenant (the event's {@code tenantId} metadata, else
 * its payload's {@code tenantId}) and on letters that name no tenant; never another tenant's.
 */
@RestController
class DeadLetterAdminController {

    record LetterView(String eventIdentifier, String eventType, String aggregateType, String aggregateId, Long aggregateSequence,
                      String tenantId, String errorClass, String errorMessage, Instant enqueuedAt, Instant lastTouched) {
    }

    record SequenceView(String processor, String sequenceId, int count, List<LetterView> letters) {
    }

    record RetryRequest(String sequenceId) {
    }

    private final EventProcessingConfiguration processing;
    private final ProjectionGroups projections;
    private final ObjectMapper json;

    DeadLetterAdminController(EventProcessingConfiguration processing, ProjectionGroups projections, ObjectMapper json) {
        this.processing = processing;
        this.projections = projections;
        this.json = json;
    }

    @GetMapping("/v1/admin/dead-letters")
    ResponseEntity<?> list(Caller caller, @RequestParam(required = false) String processor) {
        List<String> groups = new ArrayList<>();
        if (processor != null) {
            if (queue(processor).isEmpty()) return notFound(processor);
            groups.add(processor);
        } else {
            projections.names().stream().sorted().filter(group -> queue(group).isPresent()).forEach(groups::add);
        }
        List<SequenceView> sequences = new ArrayList<>();
        for (String group : groups) sequences.addAll(sequences(group, caller));
        return ResponseEntity.ok(Map.of("items", sequences, "total", sequences.size()));
    }

    /** Retries one sequence ({@code sequenceId}) or every sequence of the processor the caller may see. */
    @PostMapping("/v1/admin/dead-letters/{name}/retry")
    ResponseEntity<?> retry(Caller caller, @PathVariable("name") String processor, @RequestBody(required = false) RetryRequest request) {
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> letters = processing.sequencedDeadLetterProcessor(processor);
        if (letters.isEmpty() || queue(processor).isEmpty()) return notFound(processor);
        List<String> targets = sequences(processor, caller).stream().map(SequenceView::sequenceId)
                .filter(id -> request == null || request.sequenceId() == null || request.sequenceId().equals(id)).toList();
        if (request != null && request.sequenceId() != null && targets.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "no dead-letter sequence " + request.sequenceId() + " in " + processor);
        }
        List<String> succeeded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String sequence : targets) {
            boolean ok = letters.get().process(letter -> sequence.equals(sequenceId(letter)));
            (ok ? succeeded : failed).add(sequence);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("processor", processor);
        result.put("succeeded", succeeded);
        result.put("failed", failed);
        return ResponseEntity.ok(result);
    }

    @DeleteMapping("/v1/admin/dead-letters/{name}/{sequenceId}")
    ResponseEntity<?> evict(Caller caller, @PathVariable("name") String processor, @PathVariable String sequenceId) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = queue(processor);
        if (queue.isEmpty()) return notFound(processor);
        boolean visible = sequences(processor, caller).stream().anyMatch(sequence -> sequence.sequenceId().equals(sequenceId));
        if (!visible) return problem(HttpStatus.NOT_FOUND, "no dead-letter sequence " + sequenceId + " in " + processor);
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.get().deadLetterSequence(sequenceId).forEach(letters::add);
        letters.forEach(queue.get()::evict);
        return ResponseEntity.noContent().build();
    }

    private List<SequenceView> sequences(String group, Caller caller) {
        List<SequenceView> sequences = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(group).orElseThrow().deadLetters()) {
            List<LetterView> letters = new ArrayList<>();
            String sequenceId = null;
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (sequenceId == null) sequenceId = sequenceId(letter);
                letters.add(view(letter));
            }
            boolean visible = letters.stream().allMatch(letter -> letter.tenantId() == null || letter.tenantId().equals(caller.tenantId()));
            if (!letters.isEmpty() && visible) sequences.add(new SequenceView(group, sequenceId, letters.size(), letters));
        }
        return sequences;
    }

    private LetterView view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        String aggregateType = message instanceof DomainEventMessage<?> domain ? domain.getType() : null;
        String aggregateId = message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        return new LetterView(message.getIdentifier(), message.getPayloadType().getName(), aggregateType, aggregateId, sequence,
                tenantOf(message), letter.cause().map(c -> c.type()).orElse(null), letter.cause().map(c -> c.message()).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }

    /** The tenant an event belongs to: its {@code tenantId} metadata, else its payload's {@code tenantId} field. */
    private String tenantOf(EventMessage<?> message) {
        Object tenant = message.getMetaData().get(CallerMetaData.TENANT);
        if (tenant != null) return tenant.toString();
        try {
            JsonNode payload = json.valueToTree(message.getPayload());
            JsonNode field = payload.path("tenantId");
            return field.isMissingNode() || field.isNull() ? null : field.isValueNode() ? field.asText() : field.path("value").asText(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String sequenceId(DeadLetter<?> letter) {
        if (letter instanceof JdbcDeadLetter<?> jdbc) return jdbc.getSequenceIdentifier();
        EventMessage<?> message = (EventMessage<?>) letter.message();
        return message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : message.getIdentifier();
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String processor) {
        if (!projections.contains(processor)) return Optional.empty();
        return processing.deadLetterQueue(processor);
    }

    private static ResponseEntity<?> notFound(String processor) {
        return problem(HttpStatus.NOT_FOUND, "no dead-letter queue for processor " + processor + " (only projections have one)");
    }
}
