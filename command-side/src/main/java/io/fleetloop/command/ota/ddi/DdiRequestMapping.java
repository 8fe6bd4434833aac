package io.fleetloop.command.ota.ddi;

import io.fleetloop.ddi.rest.api.DdiRestConstants;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Arrays;

/**
 * The device-facing DDI endpoints ({@code /{tenant}/controller/v1/...}) in a request mapping of their own, asked before
 * the application's. Their paths begin with a variable, so the application's mapping can find them only by testing
 * each of its mappings in turn (hundreds), and every request is looked up twice (Spring Security's handler-mapping
 * cache filter, then the dispatcher): in a profile of polls without pause that was a fifth of the server threads' CPU.
 * Here a device's request is matched against the DDI mappings only. The application's mapping keeps them as well (the
 * OpenAPI document is read from it) but is no longer asked for a DDI path. Its MVC interceptors do not apply to DDI,
 * which uses neither of them (consistent reads of endpoints marked to wait, masked attribute filters).
 */
@Configuration(proxyBeanMethods = false)
class DdiRequestMapping {

    @Bean
    RequestMappingHandlerMapping ddiHandlerMapping(@Qualifier("mvcContentNegotiationManager") ContentNegotiationManager negotiation) {
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping() {
            @Override
            protected boolean isHandler(Class<?> type) {
                RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
                return super.isHandler(type) && base != null
                        && Arrays.stream(base.path()).anyMatch(path -> path.startsWith(DdiRestConstants.BASE_V1_REQUEST_MAPPING));
            }
        };
        mapping.setOrder(-1); // before the application's mapping (0)
        mapping.setContentNegotiationManager(negotiation);
        return mapping;
    }
}
