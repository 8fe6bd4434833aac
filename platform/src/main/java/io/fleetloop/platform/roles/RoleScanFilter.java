package io.fleetloop.platform.roles;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

import java.util.List;

/**
 * Leaves out of component scanning what this process's {@link Roles} do not run: without {@code api} the
 * controllers (REST, GraphQL, advice), without {@code processors} the event handlers of projections, sagas and
 * query-side and every saga. Filtering the scan (not removing beans later) keeps Axon from ever seeing them.
 * Registered before the scan by {@link Initializer} (META-INF/spring.factories).
 */
public class RoleScanFilter extends TypeExcludeFilter {

    private static final List<String> PROCESSOR_PACKAGES = List.of("io.fleetloop.projections.", "io.fleetloop.sagas.", "io.fleetloop.query.");

    private final Roles roles;

    RoleScanFilter(Roles roles) {
        this.roles = roles;
    }

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        AnnotationMetadata type = reader.getAnnotationMetadata();
        if (!type.getClassName().startsWith("io.fleetloop.")) return false;
        if (!roles.has(Roles.API) && (type.hasMetaAnnotation(Controller.class.getName()) || type.hasAnnotation(Controller.class.getName())
                || type.hasMetaAnnotation(ControllerAdvice.class.getName()) || type.hasAnnotation(ControllerAdvice.class.getName()))) {
            return true;
        }
        return !roles.has(Roles.PROCESSORS) && PROCESSOR_PACKAGES.stream().anyMatch(type.getClassName()::startsWith)
                && (type.hasAnnotation(ProcessingGroup.class.getName()) || type.hasAnnotation(Saga.class.getName())
                || type.hasAnnotatedMethods(EventHandler.class.getName()) || type.hasAnnotatedMethods(SagaEventHandler.class.getName()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoleScanFilter filter && filter.roles.equals(roles);
    }

    @Override
    public int hashCode() {
        return roles.hashCode();
    }

    /**
     * Puts the filter into the context before component scanning reads it. Without {@code processors}, also drops
     * Axon's deadline task from the scheduler: a deadline must fire where its saga runs, so this process must not
     * claim one; likewise the workflow schedule task and its firing, which read the sagas' workflow trigger table, and
     * the training webhook's delivery task, whose jobs the processors' announcer schedules.
     */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static final String DEADLINE_TASK = "dbSchedulerDeadlineDetailsTask";
        /** A workflow's schedule fires where the workflow trigger table (a subscribing processor of sagas) is kept. */
        static final String WORKFLOW_SCHEDULE_TASK = "workflowScheduleTask";
        static final String WORKFLOW_SCHEDULE_FIRING = "scheduleFiring";
        /** The training webhook's deliveries run where their announcer (a tracking processor) runs. */
        static final String TRAINING_WEBHOOK_TASK = "trainingWebhookTask";

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Roles roles = Roles.of(context.getEnvironment());
            if (roles.names().size() < 3) {
                context.getBeanFactory().registerSingleton(RoleScanFilter.class.getName(), new RoleScanFilter(roles));
            }
            if (!roles.has(Roles.PROCESSORS)) {
                context.addBeanFactoryPostProcessor(beanFactory -> {
                    if (beanFactory instanceof BeanDefinitionRegistry registry) {
                        for (String name : new String[]{DEADLINE_TASK, WORKFLOW_SCHEDULE_TASK, WORKFLOW_SCHEDULE_FIRING, TRAINING_WEBHOOK_TASK}) {
                            if (registry.containsBeanDefinition(name)) registry.removeBeanDefinition(name);
                        }
                    }
                });
            }
        }
    }
}
