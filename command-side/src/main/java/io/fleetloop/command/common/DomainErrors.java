package io.fleetloop.command.common;

import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Optional;

/**
 * Domain refusals cross the bus as {@link CommandExecutionException} with {@link ErrorDetails} attached, so
 * they survive a distributed bus (Axon Server) as well as the local one. {@link #details} reads them back.
 */
public final class DomainErrors implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (FleetloopException e) {
            throw new CommandExecutionException(e.getMessage(), e, e.details());
        }
    }

    public static Optional<ErrorDetails> details(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FleetloopException fe) return Optional.of(fe.details());
            if (t instanceof HandlerExecutionException he) {
                Optional<Object> details = he.getDetails();
                if (details.isPresent() && details.get() instanceof ErrorDetails d) return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
