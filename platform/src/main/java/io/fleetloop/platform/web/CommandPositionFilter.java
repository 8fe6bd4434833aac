package io.fleetloop.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Set;

/**
 * Answers every successful write under {@code /v1} with {@code X-Fleetloop-Position}: where the command's events lie
 * in the event stream. A read can hand it back as {@code X-Fleetloop-Consistency} to see the write's effects
 * ({@link ConsistentReads}). The header is set before the first byte of the body, once the command has committed.
 */
class CommandPositionFilter extends OncePerRequestFilter {

    static final String POSITION = "X-Fleetloop-Position";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final EventStore events;

    CommandPositionFilter(EventStore events) {
        this.events = events;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod()) || !(request.getRequestURI().startsWith("/v1/") || request.getRequestURI().startsWith("/api/v1/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Stamping stamping = new Stamping(response, EventPosition.head(events));
        chain.doFilter(request, stamping);
        stamping.stamp();
    }

    private final class Stamping extends HttpServletResponseWrapper {
        private final long before;
        private boolean stamped;

        Stamping(HttpServletResponse response, long before) {
            super(response);
            this.before = before;
        }

        void stamp() {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (stamped || response.isCommitted()) return;
            stamped = true;
            if (response.getStatus() < 400) {
                response.setHeader(POSITION, new EventPosition(before, Math.max(before, EventPosition.head(events))).toString());
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            stamp();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            stamp();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            stamp();
            super.flushBuffer();
        }
    }
}
