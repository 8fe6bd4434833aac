package io.fleetloop.platform.axon;

import io.fleetloop.api.common.Caller;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Stamps commands sent while serving a request with the caller's operator name and tenant. */
public final class CallerMetaData implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String OPERATOR = "operator";
    public static final String TENANT = "tenantId";

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            if (message.getMetaData().containsKey(OPERATOR)) return message;
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            Object caller = request == null ? null : request.getAttribute(Caller.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            if (!(caller instanceof Caller c)) return message;
            Map<String, Object> metaData = new HashMap<>();
            metaData.put(OPERATOR, c.operator());
            metaData.put(TENANT, c.tenantId());
            return message.andMetaData(metaData);
        };
    }
}
