package io.fleetloop.platform.axon;

import io.fleetloop.query.admin.ProcessorPositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The event processors of this node ({@code /v1/admin/processors}): status, segments with their owners, token positions and
 * lag against the store's head; reset of a projection to the beginning or to an instant; split and merge of segments.
 * Processors are platform-wide: these routes need {@code PROCESSOR_READ}/{@code PROCESSOR_MANAGE}, which only
 * {@code PLATFORM_ADMIN} holds (see docs/operations.md).
 */
@RestController
class ProcessorAdminController {

    /** One segment: claimed here ({@code here}) with its token position, or claimed elsewhere / unclaimed (owner from the token store). */
    record SegmentView(int segmentId, String owner, boolean here, Long position, Long lag, boolean replaying, boolean error, String errorMessage) {
    }

    record ProcessorView(String name, String type, boolean running, boolean error, boolean projection, Long head, List<SegmentView> segments) {
    }

    record ResetRequest(String from) {
    }

    private final EventProcessingConfiguration processing;
    private final ProcessorPositions positions;
    private final ProjectionGroups projections;
    private final JdbcTemplate jdbc;
    private final TokenSchema tokens;

    ProcessorAdminController(EventProcessingConfiguration processing, ProcessorPositions positions, ProjectionGroups projections,
                             DataSource dataSource, TokenSchema tokens) {
        this.processing = processing;
        this.positions = positions;
        this.projections = projections;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tokens = tokens;
    }

    @GetMapping("/v1/admin/processors")
    Map<String, Object> processors() {
        OptionalLong head = positions.head();
        List<ProcessorView> views = new ArrayList<>();
        new TreeMap<>(processing.eventProcessors()).forEach((name, processor) -> views.add(view(name, processor, head)));
        return Map.of("items", views, "total", views.size());
    }

    @GetMapping("/v1/admin/processors/{name}")
    ResponseEntity<?> processor(@PathVariable String name) {
        EventProcessor processor = processing.eventProcessors().get(name);
        if (processor == null) return notFound(name);
        return ResponseEntity.ok(view(name, processor, positions.head()));
    }

    /** Shut down, reset every token (to the tail, or to the first event at or after {@code from}), start again. */
    @PostMapping("/v1/admin/processors/{name}/reset")
    ResponseEntity<?> reset(@PathVariable String name, @RequestBody(required = false) ResetRequest request) {
        EventProcessor processor = processing.eventProcessors().get(name);
        if (processor == null) return notFound(name);
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return problem(HttpStatus.BAD_REQUEST, name + " is a subscribing processor: it keeps no token, so there is nothing to reset");
        }
        if (!projections.contains(name)) {
            return problem(HttpStatus.BAD_REQUEST, name + " is not a projection but a process or publisher: replaying it would send its "
                    + "commands or integration events again; only projections may be reset");
        }
        if (request == null || request.from() == null || request.from().isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "from is required: \"beginning\" or an ISO-8601 instant");
        }
        Instant at = null;
        if (!"beginning".equals(request.from())) {
            try {
                at = Instant.parse(request.from());
            } catch (DateTimeParseException e) {
                return problem(HttpStatus.BAD_REQUEST, "from must be \"beginning\" or an ISO-8601 instant, not " + request.from());
            }
        }
        if (!streaming.supportsReset()) return problem(HttpStatus.BAD_REQUEST, name + " has no handler that supports a reset");
        Instant instant = at;
        streaming.shutDown();
        try {
            if (instant == null) streaming.resetTokens();
            else streaming.resetTokens(source -> source.createTokenAt(instant));
        } catch (UnableToClaimTokenException | IllegalStateException e) {
            streaming.start();
            return problem(HttpStatus.CONFLICT, "cannot reset " + name + " now: " + e.getMessage()
                    + " (every segment must be free: stop the processor on the other nodes first)");
        }
        streaming.start();
        return ResponseEntity.accepted().body(view(name, streaming, positions.head()));
    }

    @PostMapping("/v1/admin/processors/{name}/segments/{segmentId}/split")
    ResponseEntity<?> split(@PathVariable String name, @PathVariable String segmentId) {
        return segmentOperation(name, segmentId, true);
    }

    @PostMapping("/v1/admin/processors/{name}/segments/{segmentId}/merge")
    ResponseEntity<?> merge(@PathVariable String name, @PathVariable String segmentId) {
        return segmentOperation(name, segmentId, false);
    }

    private ResponseEntity<?> segmentOperation(String name, String segmentText, boolean split) {
        EventProcessor processor = processing.eventProcessors().get(name);
        if (processor == null) return notFound(name);
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return problem(HttpStatus.BAD_REQUEST, name + " is a subscribing processor: it has no segments");
        }
        int segment;
        try {
            segment = Integer.parseInt(segmentText);
        } catch (NumberFormatException e) {
            return problem(HttpStatus.BAD_REQUEST, "segmentId must be a number, not " + segmentText);
        }
        if (!streaming.processingStatus().containsKey(segment)) {
            return problem(HttpStatus.NOT_FOUND, "segment " + segment + " of " + name + " is not claimed on this node");
        }
        CompletableFuture<Boolean> done = split ? streaming.splitSegment(segment) : streaming.mergeSegment(segment);
        boolean ok;
        try {
            ok = done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return problem(HttpStatus.CONFLICT, (split ? "split" : "merge") + " of segment " + segment + " of " + name + " failed: " + e.getMessage());
        }
        if (!ok) {
            return problem(HttpStatus.CONFLICT, (split ? "split" : "merge") + " of segment " + segment + " of " + name
                    + " was refused (a merge needs the segment's sibling, which must be claimable here)");
        }
        return ResponseEntity.ok(view(name, streaming, positions.head()));
    }

    private ProcessorView view(String name, EventProcessor processor, OptionalLong head) {
        Long headValue = head.isPresent() ? head.getAsLong() : null;
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return new ProcessorView(name, processor instanceof SubscribingEventProcessor ? "subscribing" : processor.getClass().getSimpleName(),
                    processor.isRunning(), processor.isError(), projections.contains(name), headValue, List.of());
        }
        String type = streaming instanceof PooledStreamingEventProcessor ? "pooled"
                : streaming instanceof TrackingEventProcessor ? "tracking" : streaming.getClass().getSimpleName();
        Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
        Map<Integer, String> owners = owners(name);
        Map<Integer, SegmentView> segments = new TreeMap<>();
        status.forEach((id, segment) -> {
            OptionalLong position = segment.getCurrentPosition();
            Long at = position.isPresent() ? position.getAsLong() : null;
            Long lag = head.isEmpty() ? Long.valueOf(0) : at == null ? null : Math.max(0, head.getAsLong() - at);
            segments.put(id, new SegmentView(id, owners.getOrDefault(id, "this node"), true, at, lag, segment.isReplaying(), segment.isErrorState(),
                    segment.getError() == null ? null : segment.getError().getClass().getName() + ": " + segment.getError().getMessage()));
        });
        owners.forEach((id, owner) -> segments.putIfAbsent(id, new SegmentView(id, owner, false, null, null, false, false, null)));
        return new ProcessorView(name, type, streaming.isRunning(), streaming.isError(), projections.contains(name), headValue,
                List.copyOf(segments.values()));
    }

    /**
     * Every segment of the processor in the token store with its owner (null: unclaimed). Axon's TokenStore API names no owner,
     * so this reads the owner column of the platform's own token table; tokens themselves are read only through Axon.
     */
    private Map<Integer, String> owners(String processor) {
        Map<Integer, String> owners = new HashMap<>();
        jdbc.query("select " + tokens.segmentColumn() + ", " + tokens.ownerColumn() + " from " + tokens.tokenTable() + " where "
                + tokens.processorNameColumn() + " = ?", rs -> {
            owners.put(rs.getInt(1), rs.getString(2));
        }, processor);
        return owners;
    }

    private static ResponseEntity<ProblemDetail> notFound(String name) {
        return problem(HttpStatus.NOT_FOUND, "no event processor " + name + " on this node");
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return ResponseEntity.status(status).body(problem);
    }
}
