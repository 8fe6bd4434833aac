package io.fleetloop.query.governance.masking;

import graphql.ExecutionInput;
import io.fleetloop.api.common.Caller;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Masks GraphQL results for the caller's role level. It is the outermost interceptor, so its masking is the last
 * thing done to a response, after every other interceptor; the caller is read from the executed input's context,
 * where the caller interceptor put it before execution. Aliases do not escape a rule ({@link GraphQlKeyNames}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MaskingGraphQlInterceptor implements WebGraphQlInterceptor {

    private final MaskingEngine engine;

    MaskingGraphQlInterceptor(MaskingEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return engine.enabled() ? chain.next(request).map(this::masked) : chain.next(request);
    }

    WebGraphQlResponse masked(WebGraphQlResponse response) {
        Object data = response.getExecutionResult().getData();
        if (data == null) return response;
        ExecutionInput input = response.getExecutionInput();
        Object caller = input.getGraphQLContext().get(Caller.ATTRIBUTE);
        int level = MaskingEngine.levelOf(caller instanceof Caller resolved ? resolved : null);
        Object masked = engine.mask(data, level, GraphQlKeyNames.of(input.getQuery(), input.getOperationName()));
        return response.transform(builder -> builder.data(masked));
    }
}
