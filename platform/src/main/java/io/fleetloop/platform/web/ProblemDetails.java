package io.fleetloop.platform.web;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The one mapping of Fleetloop error codes to RFC 9457 problem details. */
public final class ProblemDetails {

    private ProblemDetails() {
    }

    public static HttpStatus statusOf(ErrorCode code) {
        if (code == ErrorCode.PAYLOAD_TOO_LARGE) return HttpStatus.PAYLOAD_TOO_LARGE;
        return switch (code.kind()) {
            case BAD_INPUT -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }

    public static ProblemDetail of(HttpStatus status, ErrorDetails details) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, details.message());
        problem.setType(URI.create("https://fleetloop.io/problems/" + details.code().name().toLowerCase().replace('_', '-')));
        problem.setProperty("code", details.code().name());
        if (!details.fields().isEmpty()) {
            problem.setProperty("errors", fieldErrors(details.fields()));
        }
        return problem;
    }

    static List<Map<String, String>> fieldErrors(Map<String, String> fields) {
        return fields.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.of("field", e.getKey(), "message", e.getValue())).toList();
    }
}
