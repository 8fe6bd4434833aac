package io.fleetloop.platform.axon;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

/**
 * A projection's event handler that throws is called again up to {@code fleetloop.dead-letters.retries} times (default 2)
 * before the failure reaches Axon's dead-letter queue and parks the event's sequence. Only handlers of the projections'
 * processing groups ({@link ProjectionGroups}); processes and publishers are left as they are.
 */
final class ProjectionHandlerRetries implements HandlerEnhancerDefinition {

    private final ProjectionGroups projections;
    private final int retries;

    ProjectionHandlerRetries(ProjectionGroups projections, int retries) {
        this.projections = projections;
        this.retries = retries;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (retries <= 0 || !original.canHandleMessageType(EventMessage.class)) return original;
        ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
        if (group == null || !projections.contains(group.value())) return original;
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                for (int attempt = 0; ; attempt++) {
                    try {
                        return super.handle(message, target);
                    } catch (Exception e) {
                        if (attempt >= retries) throw e;
                    }
                }
            }
        };
    }
}
