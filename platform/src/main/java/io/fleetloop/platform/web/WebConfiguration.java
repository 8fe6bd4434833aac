package io.fleetloop.platform.web;

import io.fleetloop.api.common.Caller;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;
import java.util.List;

/**
 * Controllers receive the {@link Caller} (resolved from the bearer token by security) as a parameter; writes answer
 * their event position and reads can wait for one (read-your-writes on request). GraphiQL is our page with its
 * assets in the jar ({@code static/graphiql}), not Spring's, which loads them from a CDN.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final EventProcessingConfiguration processing;
    private final Duration consistencyMaxWait;

    WebConfiguration(EventProcessingConfiguration processing,
                     @Value("${fleetloop.consistency.max-wait:PT10S}") Duration consistencyMaxWait) {
        this.processing = processing;
        this.consistencyMaxWait = consistencyMaxWait;
    }

    @Bean
    FilterRegistrationBean<CommandPositionFilter> commandPositionFilter(EventStore events) {
        return new FilterRegistrationBean<>(new CommandPositionFilter(events));
    }

    /** Tomcat's own refusals answer problem+json too ({@link ProblemErrorReportValve}). */
    @Bean
    static ProblemErrorReportValve.Installer problemErrorReportValve() {
        return new ProblemErrorReportValve.Installer();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ConsistentReads(processing, consistencyMaxWait));
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/graphiql").setViewName("forward:/graphiql/index.html");
        registry.addViewController("/console").setViewName("forward:/console/index.html");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                          WebDataBinderFactory binders) {
                Object caller = request.getAttribute(Caller.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (caller == null) {
                    // Security resolves the caller of every /v1 request before any controller; this is a wiring bug.
                    throw new IllegalStateException("no authenticated caller on " + parameter.getExecutable());
                }
                return caller;
            }
        });
    }
}
