package io.fleetloop.query.behavior;

import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.BehaviorSessionView;
import io.fleetloop.api.behavior.BehaviorSessionsResponse;
import io.fleetloop.api.behavior.FindBehaviorSessionQuery;
import io.fleetloop.api.behavior.ListBehaviorSessionsQuery;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.align.AlignedFrame;
import io.fleetloop.formats.align.AlignedStream;
import io.fleetloop.formats.align.Interpolation;
import io.fleetloop.formats.align.SourceReport;
import io.fleetloop.formats.mcap.McapSampleWriter;
import io.fleetloop.formats.mcap.McapWriter;
import io.fleetloop.query.common.Queries;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Behaviour sessions as read, their aligned data (a window on one grid, paged by frame cursor, bounded) and the MCAP
 * export of an aligned window (JSON channels, chunked with zstd, summary with chunk index). Within the tenant.
 */
@RestController
class BehaviorSessionQueryController {

    /** The most frames one aligned-data window may hold (pages of it are read one by one). */
    static final long MAX_WINDOW_FRAMES = 20_000;
    static final int MAX_PAGE_FRAMES = 5_000;
    /** The most frames one MCAP export may hold (it is streamed, so the bound is about time, not memory). */
    static final long MAX_EXPORT_FRAMES = 2_000_000;
    static final MediaType MCAP = MediaType.valueOf("application/x-mcap");

    record ErrorDto(long position, String unit, String reason) {
    }

    record SourceReportDto(String name, long samplesRead, long samplesUsed, boolean failed, List<ErrorDto> errors) {
        static SourceReportDto of(SourceReport r) {
            return new SourceReportDto(r.name(), r.samplesRead(), r.samplesUsed(), r.failed(),
                    r.errors().stream().map(e -> new ErrorDto(e.position(), e.unit().name(), e.reason())).toList());
        }
    }

    record FrameDto(long t, Instant time, Map<String, Object> values) {
    }

    record AlignedDataResponse(String sessionId, Instant from, Instant to, double rateHz, long totalFrames, long cursor,
                               Long nextCursor, Map<String, Interpolation> policies, List<FrameDto> frames,
                               List<SourceReportDto> sources) {
    }

    private final Queries queries;
    private final SessionAlignment alignment;

    BehaviorSessionQueryController(Queries queries, SessionAlignment alignment) {
        this.queries = queries;
        this.alignment = alignment;
    }

    @GetMapping("/v1/behavior-sessions")
    BehaviorSessionsResponse list(Caller caller, @RequestParam(required = false) String deviceId,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return queries.get(new ListBehaviorSessionsQuery(caller.tenantId(), deviceId, new PageRequest(page, size)), BehaviorSessionsResponse.class);
    }

    @GetMapping("/v1/behavior-sessions/{sessionId}")
    BehaviorSessionView get(Caller caller, @PathVariable String sessionId) {
        return session(caller, sessionId);
    }

    BehaviorSessionView session(Caller caller, String sessionId) {
        return queries.require(new FindBehaviorSessionQuery(caller.tenantId(), new BehaviorSessionId(sessionId)),
                BehaviorSessionView.class, "behavior session", sessionId);
    }

    @GetMapping("/v1/behavior-sessions/{sessionId}/aligned-data")
    AlignedDataResponse alignedData(Caller caller, @PathVariable String sessionId, @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to, @RequestParam(required = false) String channels,
                                    @RequestParam(required = false) Double rateHz, @RequestParam(defaultValue = "0") long cursor,
                                    @RequestParam(defaultValue = "1000") int pageSize) throws Exception {
        BehaviorSessionView session = session(caller, sessionId);
        SessionAlignment.Window window = alignment.window(session, from, to, rateHz, channels, MAX_WINDOW_FRAMES);
        if (pageSize < 1 || pageSize > MAX_PAGE_FRAMES) throw FleetloopException.invalid("pageSize", "between 1 and " + MAX_PAGE_FRAMES);
        long total = window.frames();
        if (cursor < 0 || cursor > total) throw FleetloopException.invalid("cursor", "between 0 and " + total);
        long end = Math.min(total, cursor + pageSize);
        List<FrameDto> frames = new ArrayList<>();
        List<SourceReportDto> reports;
        Map<String, Interpolation> policies;
        if (cursor < end) {
            long pageFrom = window.time(cursor);
            long pageTo = end == total ? window.toNanos() : window.time(end);
            try (AlignedStream stream = alignment.aligner(session).stream(pageFrom, pageTo, window.rateHz(), window.channels())) {
                while (stream.hasNext()) {
                    AlignedFrame f = stream.next();
                    frames.add(new FrameDto(f.timestampNanos(), SessionQueryHandlers.instant(f.timestampNanos()), f.values()));
                }
                reports = stream.reports().stream().map(SourceReportDto::of).toList();
                policies = stream.policies();
            }
        } else {
            reports = List.of();
            policies = Map.of();
        }
        return new AlignedDataResponse(sessionId, SessionQueryHandlers.instant(window.fromNanos()),
                SessionQueryHandlers.instant(window.toNanos()), window.rateHz(), total, cursor, end < total ? end : null,
                policies, frames, reports);
    }

    @GetMapping("/v1/behavior-sessions/{sessionId}/export.mcap")
    ResponseEntity<StreamingResponseBody> export(Caller caller, @PathVariable String sessionId,
                                                 @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) String channels,
                                                 @RequestParam(required = false) Double rateHz) {
        BehaviorSessionView session = session(caller, sessionId);
        SessionAlignment.Window window = alignment.window(session, from, to, rateHz, channels, MAX_EXPORT_FRAMES);
        StreamingResponseBody body = out -> write(session, window, out);
        return ResponseEntity.ok().contentType(MCAP)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"session-" + sessionId + ".mcap\"")
                .body(body);
    }

    private void write(BehaviorSessionView session, SessionAlignment.Window window, OutputStream out) throws java.io.IOException {
        try (AlignedStream stream = alignment.aligner(session).stream(window.fromNanos(), window.toNanos(), window.rateHz(), window.channels());
             McapSampleWriter writer = new McapSampleWriter(new NonClosing(out), McapWriter.Options.defaults())) {
            while (stream.hasNext()) {
                AlignedFrame frame = stream.next();
                for (Map.Entry<String, Object> e : frame.values().entrySet()) {
                    Object value = e.getValue();
                    writer.write(new Sample(e.getKey(), frame.timestampNanos(), value instanceof Number || value instanceof String
                            || value instanceof Boolean || value instanceof byte[] || value instanceof com.fasterxml.jackson.databind.JsonNode
                            ? value : JSON.valueToTree(value)));
                }
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The servlet closes its own stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
