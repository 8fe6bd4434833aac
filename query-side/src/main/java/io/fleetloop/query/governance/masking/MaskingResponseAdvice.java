package io.fleetloop.query.governance.masking;

import com.fasterxml.jackson.annotation.JsonView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.http.converter.json.MappingJacksonValue;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Masks every JSON body under {@code /v1/} for the caller's role level, whatever its shape: the body becomes a
 * tree (with the application's {@link ObjectMapper}, so it reads as it would have), is masked and is written as such.
 * Problem details and non-JSON bodies pass untouched; streamed exports mask themselves.
 */
@ControllerAdvice
class MaskingResponseAdvice implements ResponseBodyAdvice<Object> {

    private final MaskingEngine engine;
    private final ObjectMapper json;

    MaskingResponseAdvice(MaskingEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return engine.enabled() && AbstractJackson2HttpMessageConverter.class.isAssignableFrom(converterType)
                // The rule list names fields as values, and must read the same to everyone.
                && returnType.getContainingClass() != MaskingRulesController.class;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body == null || body instanceof ProblemDetail || body instanceof ErrorResponse || !isJson(contentType)
                || !(request instanceof ServletServerHttpRequest servlet)) {
            return body;
        }
        HttpServletRequest http = servlet.getServletRequest();
        if (!http.getRequestURI().startsWith(http.getContextPath() + "/v1/")) return body;
        int level = MaskingEngine.levelOf(http.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller ? caller : null);
        if (body instanceof MappingJacksonValue wrapped) {
            wrapped.setValue(engine.mask(tree(wrapped.getValue(), wrapped.getSerializationView()), level));
            wrapped.setSerializationView(null);
            return wrapped;
        }
        return engine.mask(tree(body, viewOf(returnType)), level);
    }

    private JsonNode tree(Object value, Class<?> view) {
        if (value instanceof JsonNode node) return node.deepCopy();
        if (view == null) return json.valueToTree(value);
        // A tree ignores views, so the view is applied now, on the way to the tree.
        try {
            return json.readTree(json.writerWithView(view).writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> viewOf(MethodParameter returnType) {
        JsonView view = returnType.getMethodAnnotation(JsonView.class);
        return view != null && view.value().length == 1 ? view.value()[0] : null;
    }

    private static boolean isJson(MediaType contentType) {
        if (contentType == null || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType)) return false;
        return MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
                || (contentType.getSubtype() != null && contentType.getSubtype().endsWith("+json"));
    }
}
