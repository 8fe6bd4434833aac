package io.fleetloop.platform.axon;

import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every processing group of the command side runs in the one subscribing processor, and no other group does. */
class CommandLookupsTest {

    @Test
    void theCommandSidesGroupsAreExactlyTheOnesAssignedToCommandLookups() throws Exception {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(ProcessingGroup.class));
        Set<String> groups = new TreeSet<>();
        for (BeanDefinition found : scan.findCandidateComponents("io.fleetloop.command")) {
            groups.add(Class.forName(found.getBeanClassName()).getAnnotation(ProcessingGroup.class).value());
        }
        assertThat(groups).as("a new command-side group belongs in COMMAND_LOOKUP_GROUPS (it is kept in the command's transaction)")
                .containsExactlyInAnyOrderElementsOf(AxonConfiguration.COMMAND_LOOKUP_GROUPS);
    }
}
