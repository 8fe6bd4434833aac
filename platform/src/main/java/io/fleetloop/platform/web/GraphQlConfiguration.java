package io.fleetloop.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.schema.DataFetchingEnvironment;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.refusals.CommandRefusals;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.util.Map;
import java.util.Optional;

/** GraphQL gets the same caller and the same error codes as REST. */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

    /** GraphQL responses keep their null fields (the spec requires them), unlike REST bodies which omit them. */
    @Bean
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, ObjectMapper objectMapper) {
        ObjectMapper withNulls = objectMapper.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);
        return new GraphQlHttpHandler(handler, new MappingJackson2HttpMessageConverter(withNulls));
    }

    /** Oversized queries are refused before validation and execution (see {@link GraphQlLimits}). */
    @Bean
    GraphQlLimits graphQlLimits(@Value("${fleetloop.graphql.max-depth:20}") int maxDepth,
                                @Value("${fleetloop.graphql.max-fields:1000}") int maxFields,
                                @Value("${fleetloop.graphql.max-aliases:100}") int maxAliases) {
        return new GraphQlLimits(maxDepth, maxFields, maxAliases);
    }

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(@Value("${fleetloop.graphql.max-depth:20}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(@Value("${fleetloop.graphql.max-fields:1000}") int maxFields) {
        return new MaxQueryComplexityInstrumentation(maxFields);
    }

    @Bean
    WebGraphQlInterceptor callerInterceptor() {
        return (request, chain) -> {
            // Security has verified the token and resolved the caller on the HTTP request already.
            Object caller = request.getAttributes().get(Caller.ATTRIBUTE);
            if (caller instanceof Caller resolved) {
                request.configureExecutionInput((input, builder) ->
                        builder.graphQLContext(Map.of(Caller.ATTRIBUTE, resolved)).build());
            }
            return chain.next(request);
        };
    }

    @Bean
    DataFetcherExceptionResolverAdapter domainErrorResolver() {
        return new DataFetcherExceptionResolverAdapter() {
            @Override
            protected GraphQLError resolveToSingleError(Throwable error, DataFetchingEnvironment env) {
                Optional<ErrorDetails> details = CommandRefusals.details(error);
                if (details.isEmpty()) return null;
                ErrorType type = switch (details.get().code().kind()) {
                    case BAD_INPUT -> ErrorType.BAD_REQUEST;
                    case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
                    case FORBIDDEN -> ErrorType.FORBIDDEN;
                    case NOT_FOUND -> ErrorType.NOT_FOUND;
                    case CONFLICT -> ErrorType.BAD_REQUEST;
                };
                return GraphqlErrorBuilder.newError(env).errorType(type).message(details.get().message())
                        .extensions(Map.of("code", details.get().code().name(), "fields", details.get().fields())).build();
            }
        };
    }
}
