package io.fleetloop.command.common;

import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Domain refusals cross the bus as {@link CommandExecutionException} with {@link ErrorDetails} attached, so
 * they survive a distributed bus (Axon Server) as well as the local one. {@code io.fleetloop.refusals.CommandRefusals#details} reads them back.
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
}
