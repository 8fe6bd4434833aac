package io.fleetloop.platform;

import io.fleetloop.platform.support.RunningPlatform;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/jar-smoke.sh (run on the packaged jar after the suite) asks the state of one aggregate of every type it
 * lists; that list must be every aggregate type of the application, so a new aggregate cannot slip past it.
 */
class JarSmokeScriptTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "jar-smoke.sh");

    @Test
    void theSmokeCheckListsEveryAggregateTypeOfThePlatform() throws IOException {
        Configuration axon = RunningPlatform.shared().bean(Configuration.class);
        Set<String> types = axon.findModules(AggregateConfiguration.class).stream()
                .map(c -> AnnotatedAggregateMetaModelFactory.inspectAggregate(c.aggregateType(), axon.parameterResolverFactory(),
                        axon.handlerDefinition(c.aggregateType())).type())
                .collect(Collectors.toCollection(TreeSet::new));
        String line = Files.readAllLines(SCRIPT).stream().filter(l -> l.startsWith("AGGREGATE_TYPES=")).findFirst().orElseThrow();
        Set<String> listed = Arrays.stream(line.replaceAll("^AGGREGATE_TYPES=\"|\"$", "").split("\\s+"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(types);
    }
}
