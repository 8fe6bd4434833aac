package io.fleetloop.platform.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.refusals.CommandRefusals;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.net.ConnectException;
import org.elasticsearch.client.ResponseException;

/** Every error leaves as application/problem+json (RFC 9457), with the offending field names where there are any. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> domain(RuntimeException error) {
        var details = CommandRefusals.details(error);
        if (details.isPresent()) {
            HttpStatus status = ProblemDetails.statusOf(details.get().code());
            return ResponseEntity.status(status).body(ProblemDetails.of(status, details.get()));
        }
        if (causedBy(error, AggregateNotFoundException.class) || causedBy(error, IncompatibleAggregateException.class)
                || CommandRefusals.isNonTransientWithoutDetails(error)) {
            // a missing aggregate, or an id of another kind of aggregate, is for this endpoint no such resource
            return respond(HttpStatus.NOT_FOUND, ErrorDetails.of(ErrorCode.NOT_FOUND, "no such resource"));
        }
        if (causedBy(error, ConcurrencyException.class) || CommandRefusals.isSequenceRefusal(error)) {
            return respond(HttpStatus.CONFLICT, ErrorDetails.of(ErrorCode.STATE_CONFLICT, "the resource changed concurrently; retry"));
        }
        if (causedBy(error, ResponseException.class) || causedBy(error, ConnectException.class)) {
            log.warn("A backing server is unavailable: {}", error.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "a backing service (search, storage) is temporarily unavailable; retry shortly");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
        }
        if (causedBy(error, java.sql.SQLTransientConnectionException.class)
                || causedBy(error, org.springframework.jdbc.CannotGetJdbcConnectionException.class)
                || causedBy(error, org.springframework.transaction.CannotCreateTransactionException.class)
                || causedBy(error, org.springframework.dao.TransientDataAccessException.class)) {
            // no pooled connection in time, or a transient database failure: the request can be sent again
            log.warn("The database is busy or unavailable: {}", error.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "the database is busy or temporarily unavailable; retry shortly");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
        }
        if (error instanceof ConstraintViolationException violations) {
            Map<String, String> fields = violations.getConstraintViolations().stream().collect(Collectors.toMap(
                    v -> leaf(v.getPropertyPath().toString()), v -> v.getMessage(), (a, b) -> a, LinkedHashMap::new));
            return respond(HttpStatus.BAD_REQUEST, new ErrorDetails(ErrorCode.VALIDATION_FAILED, "invalid request", fields));
        }
        if (error instanceof MethodArgumentTypeMismatchException mismatch) {
            return respond(HttpStatus.BAD_REQUEST, new ErrorDetails(ErrorCode.VALIDATION_FAILED,
                    mismatch.getName() + ": invalid value '" + mismatch.getValue() + "'", Map.of(mismatch.getName(), "invalid value")));
        }
        log.error("Unexpected error", error);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException error, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        error.getBindingResult().getFieldErrors().forEach(f -> fields.putIfAbsent(f.getField(), f.getDefaultMessage()));
        error.getBindingResult().getGlobalErrors().forEach(g -> fields.putIfAbsent(g.getObjectName(), g.getDefaultMessage()));
        return body(new ErrorDetails(ErrorCode.VALIDATION_FAILED, "invalid request: " + String.join(", ", fields.keySet()), fields));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException error,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        error.getParameterValidationResults().forEach(r -> {
            if (r instanceof ParameterErrors errors) {
                errors.getFieldErrors().forEach(f -> fields.putIfAbsent(f.getField(), f.getDefaultMessage()));
                errors.getGlobalErrors().forEach(g -> fields.putIfAbsent(g.getObjectName(), g.getDefaultMessage()));
            } else {
                fields.putIfAbsent(r.getMethodParameter().getParameterName(),
                        r.getResolvableErrors().isEmpty() ? "invalid" : r.getResolvableErrors().get(0).getDefaultMessage());
            }
        });
        return body(new ErrorDetails(ErrorCode.VALIDATION_FAILED, "invalid request: " + String.join(", ", fields.keySet()), fields));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException error, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = error instanceof MethodArgumentTypeMismatchException m ? m.getName() : error.getPropertyName();
        return body(new ErrorDetails(ErrorCode.VALIDATION_FAILED, name + ": invalid value '" + error.getValue() + "'",
                Map.of(String.valueOf(name), "invalid value")));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException error, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (error.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return body(new ErrorDetails(ErrorCode.VALIDATION_FAILED, field + ": unreadable value",
                    Map.of(field, mapping.getOriginalMessage())));
        }
        return body(ErrorDetails.of(ErrorCode.VALIDATION_FAILED, "the request body is missing or is not valid JSON"));
    }

    private ResponseEntity<Object> body(ErrorDetails details) {
        return ResponseEntity.badRequest().body(ProblemDetails.of(HttpStatus.BAD_REQUEST, details));
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, ErrorDetails details) {
        return ResponseEntity.status(status).body(ProblemDetails.of(status, details));
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
