package io.fleetloop.platform.web;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.query.common.ReadsFrom;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes on request: a read of an endpoint marked {@link ReadsFrom} with {@code X-Fleetloop-Consistency:
 * <position>} waits until every segment of those processors has passed the position (as Axon reports it in
 * {@link StreamingEventProcessor#processingStatus()}), at most {@code maxWait}; then 503 with {@code Retry-After}.
 * Only the segments this node processes are seen: on a cluster, send such reads to a node that runs the processors.
 */
class ConsistentReads implements HandlerInterceptor {

    static final String CONSISTENCY = "X-Fleetloop-Consistency";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final EventProcessingConfiguration processing;
    private final Duration maxWait;

    ConsistentReads(EventProcessingConfiguration processing, Duration maxWait) {
        this.processing = processing;
        this.maxWait = maxWait;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String wanted = request.getHeader(CONSISTENCY);
        if (wanted == null || !(handler instanceof HandlerMethod method)) return true;
        ReadsFrom reads = method.getMethodAnnotation(ReadsFrom.class);
        if (reads == null) throw FleetloopException.invalid(CONSISTENCY, "this endpoint does not wait for a position");
        EventPosition position = EventPosition.parse(CONSISTENCY, wanted);
        List<StreamingEventProcessor> processors = Arrays.stream(reads.value()).map(this::processor).toList();
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!processors.stream().allMatch(p -> reached(p, position))) {
            if (System.nanoTime() - deadline > 0) throw new NotYetConsistent(position, maxWait);
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    private StreamingEventProcessor processor(String processingGroup) {
        return processing.eventProcessorByProcessingGroup(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for processing group " + processingGroup));
    }

    private static boolean reached(StreamingEventProcessor processor, EventPosition position) {
        var segments = processor.processingStatus().values();
        return !segments.isEmpty() && segments.stream().allMatch(s -> !s.isErrorState() && position.reachedBy(s.getTrackingToken()));
    }

    /** 503: the read models have not caught up within the wait; the position stays valid, so retrying is safe. */
    static final class NotYetConsistent extends ErrorResponseException {
        NotYetConsistent(EventPosition position, Duration waited) {
            super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "the read model has not reached position " + position + " within " + waited.toSeconds() + " s; retry"), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
    }
}
