package io.fleetloop.platform;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module and context boundaries of DESIGN.md §2 and the conventions' rules for aggregates. Rules name package
 * patterns, never class lists, so that code moving between modules (e.g. into {@code workers}) stays covered.
 */
class ArchitectureTest {

    /**
     * The bounded contexts, as the package segment after the module: {@code io.fleetloop.<module>.<context>}. Lineage
     * is its own package: a read model fed by every context's events (through {@code api}), reaching no context's code.
     */
    static final List<String> CONTEXTS = List.of("ingestion", "catalog", "orchestration", "annotation", "simulation", "behavior",
            "ota", "governance", "lineage", "metering", "diagnosis");
    /** Modules whose packages are split by context ({@code api} is the shared language, {@code platform} assembles). */
    static final List<String> CONTEXT_MODULES = List.of("command", "sagas", "workers", "projections", "query");
    private static final ArchCondition<JavaClass> HAVE_A_RESET_HANDLER = new ArchCondition<>("have a @ResetHandler") {
        @Override
        public void check(JavaClass projection, ConditionEvents events) {
            if (projection.getMethods().stream().noneMatch(m -> m.isAnnotatedWith(ResetHandler.class))) {
                events.add(SimpleConditionEvent.violated(projection, projection.getName() + " has no @ResetHandler"));
            }
        }
    };
    private static JavaClasses fleetloop;

    @BeforeAll
    static void importClasses() {
        // production code only: Maven's test-classes folders, and also the test-jars (workers' fixtures) that a full
        // build puts on the classpath as jars, which DO_NOT_INCLUDE_TESTS does not recognise
        fleetloop = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.asURI().toString().contains("-tests.jar"))
                .importPackages("io.fleetloop");
    }

    @Test
    void apiHoldsOnlyMessagesAndDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("io.fleetloop.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fleetloop.api..", "java..",
                        "com.fasterxml.jackson.annotation..", "org.axonframework.modelling.command..",
                        "org.axonframework.serialization..")
                .check(fleetloop);
    }

    @Test
    void contextsReachEachOtherOnlyThroughApiMessages() {
        List<String> failures = new ArrayList<>();
        for (String context : CONTEXTS) {
            String[] own = CONTEXT_MODULES.stream().map(m -> "io.fleetloop." + m + "." + context + "..").toArray(String[]::new);
            String[] others = CONTEXTS.stream().filter(c -> !c.equals(context))
                    .flatMap(c -> CONTEXT_MODULES.stream().map(m -> "io.fleetloop." + m + "." + c + ".."))
                    .toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAnyPackage(own)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .because("a context uses another context's api messages, never its aggregates, tables or handlers");
            failures.addAll(violations(rule));
        }
        assertThat(failures).as("cross-context dependencies").isEmpty();
    }

    @Test
    void commandSideDoesNotReadReadModelsOrQueries() {
        noClasses().that().resideInAPackage("io.fleetloop.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.projections..", "io.fleetloop.query..",
                        "io.fleetloop.sagas..", "io.fleetloop.workers..", "io.fleetloop.platform..")
                .check(fleetloop);
    }

    @Test
    void commandSideHasNoQueryGateway() {
        noClasses().that().resideInAPackage("io.fleetloop.command..")
                .should().dependOnClassesThat().areAssignableTo(QueryGateway.class)
                .because("the command side decides from aggregates and its own lookup tables, never from read models")
                .check(fleetloop);
    }

    @Test
    void commandSideHasNoProjectionTypes() {
        noMethods().that().areDeclaredInClassesThat().resideInAPackage("io.fleetloop.command..")
                .should().beAnnotatedWith(QueryHandler.class).orShould().beAnnotatedWith(ResetHandler.class)
                .because("read models and their queries live in projections and query-side; lookup tables are not replayed")
                .check(fleetloop);
    }

    @Test
    void sagasTalkToTheRestOnlyThroughMessages() {
        noClasses().that().resideInAPackage("io.fleetloop.sagas..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.command..", "io.fleetloop.projections..",
                        "io.fleetloop.query..", "io.fleetloop.workers..", "io.fleetloop.platform..")
                .check(fleetloop);
    }

    @Test
    void sagasHoldNoRepositoriesOfReadModels() {
        noClasses().that().resideInAPackage("io.fleetloop.sagas..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data..", "jakarta.persistence..",
                        "co.elastic.clients..")
                .orShould().dependOnClassesThat().areAssignableTo(QueryGateway.class)
                .because("a process decides from the events it was given (and its own state), not from read models")
                .check(fleetloop);
    }

    @Test
    void projectionsAndQueriesDoNotReachIntoTheCommandSide() {
        noClasses().that().resideInAnyPackage("io.fleetloop.projections..", "io.fleetloop.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.command..", "io.fleetloop.sagas..",
                        "io.fleetloop.workers..", "io.fleetloop.platform..")
                .check(fleetloop);
        noClasses().that().resideInAPackage("io.fleetloop.projections..")
                .should().dependOnClassesThat().resideInAPackage("io.fleetloop.query..")
                .check(fleetloop);
    }

    @Test
    void everyReplayableProjectionClearsItsReadModelOnReset() {
        classes().that().resideInAPackage("io.fleetloop.projections..")
                .and().areAnnotatedWith(ProcessingGroup.class)
                .should(HAVE_A_RESET_HANDLER)
                .because("a projection is rebuilt by replay, which starts from a cleared read model")
                .check(fleetloop);
    }

    @Test
    void theEdgeAgentAndTheLocalInfraKnowNoAxonNoSpringAndNoPlatformMessages() {
        noClasses().that().resideInAnyPackage("io.fleetloop.edge..", "io.fleetloop.infra..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "org.springframework..",
                        "io.fleetloop.api..", "io.fleetloop.command..", "io.fleetloop.query..", "io.fleetloop.platform..")
                .check(fleetloop);
    }

    @Test
    void theDeviceContractIsJacksonRecordsOnly() {
        classes().that().resideInAPackage("io.fleetloop.ddi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fleetloop.ddi..", "java..", "com.fasterxml.jackson..")
                .check(fleetloop);
    }

    /** One reading of command refusals for every sender: our error codes and Axon's exceptions, nothing else of ours. */
    @Test
    void commandRefusalsAreReadInOnePlaceThatKnowsOnlyApiAndAxon() {
        classes().that().resideInAPackage("io.fleetloop.refusals..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fleetloop.refusals..", "io.fleetloop.api..", "java..",
                        "org.axonframework..")
                .check(fleetloop);
    }

    /** Jobs send commands and read the object store and their own tables; never read models, processes or aggregates. */
    @Test
    void workersRunJobsWithoutReadModelsOrProcesses() {
        noClasses().that().resideInAPackage("io.fleetloop.workers..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.projections..", "io.fleetloop.query..",
                        "io.fleetloop.sagas..", "io.fleetloop.platform..")
                .orShould().dependOnClassesThat().areAnnotatedWith(Aggregate.class)
                .check(fleetloop);
    }

    @Test
    void aggregatesDecideWithoutSpringAndWithoutHiddenClocksOrRandomIds() {
        noClasses().that().areAnnotatedWith(Aggregate.class)
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(fleetloop);
        noClasses().that().areAnnotatedWith(Aggregate.class)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(Clock.class, "systemUTC")
                .check(fleetloop);
    }

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(fleetloop);
        return result.hasViolation() ? result.getFailureReport().getDetails() : List.of();
    }
}
