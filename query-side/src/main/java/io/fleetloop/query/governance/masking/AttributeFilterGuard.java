package io.fleetloop.query.governance.masking;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filtering by an attribute reveals its clear value (a guessed VIN either matches or not), so a caller may filter
 * only by attributes they would see in the clear. Applies to {@code attribute=key:value} on the asset search and
 * export and {@code attr.<key>=} on the device list (REST), and to {@code AssetFilterInput.attribute} and the
 * {@code devices(attributes:)} keys (GraphQL, via the field access check).
 */
@Component
public class AttributeFilterGuard implements WebMvcConfigurer {

    /** A value every masking strategy changes (mask, hash, truncate to decimals or length, redact). */
    private static final String PROBE = "12.3456789012345678901234567890";

    private final MaskingEngine engine;

    AttributeFilterGuard(MaskingEngine engine) {
        this.engine = engine;
    }

    /** Refuses (403) a filter on an attribute the caller would only see masked. */
    public void check(Caller caller, String attributeFilter) {
        if (attributeFilter == null || attributeFilter.isBlank() || !engine.enabled()) return;
        int colon = attributeFilter.indexOf(':');
        String key = (colon < 0 ? attributeFilter : attributeFilter.substring(0, colon)).trim();
        if (key.isEmpty()) return;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(key, PROBE);
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("attributes", attributes);
        Object masked = engine.mask(probe, MaskingEngine.levelOf(caller));
        Object value = masked instanceof Map<?, ?> m && m.get("attributes") instanceof Map<?, ?> a ? a.get(key) : null;
        if (!PROBE.equals(value)) {
            throw FleetloopException.forbidden("attribute '" + key + "' is masked for your roles; you may not filter by it");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String[] filters = request.getParameterValues("attribute");
                if (filters != null) {
                    Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
                    for (String filter : filters) check(caller, filter);
                }
                return true;
            }
        }).addPathPatterns("/v1/assets", "/v1/assets/export");
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
                for (String name : request.getParameterMap().keySet()) {
                    if (name.startsWith("attr.")) check(caller, name.substring("attr.".length()));
                }
                return true;
            }
        }).addPathPatterns("/v1/devices");
    }
}
