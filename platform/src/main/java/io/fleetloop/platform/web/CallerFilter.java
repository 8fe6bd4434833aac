package io.fleetloop.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;

/** Resolves the caller of every /v1 and /graphql request once; a request without a valid tenant stops here with 400. */
@Component
class CallerFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    CallerFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/v1/") || path.equals("/graphql"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller;
        try {
            caller = CallerResolution.resolve(request::getHeader);
        } catch (FleetloopException e) {
            ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, e.details());
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }
}
