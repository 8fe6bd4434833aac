package io.fleetloop.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module and context boundaries of DESIGN.md §2 and the conventions' rules for aggregates. */
class ArchitectureTest {

    private static final List<String> CONTEXTS = List.of("ingestion", "catalog", "governance");
    private static JavaClasses fleetloop;

    @BeforeAll
    static void importClasses() {
        fleetloop = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fleetloop");
    }

    @Test
    void apiHoldsOnlyMessagesAndDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("io.fleetloop.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fleetloop.api..", "java..",
                        "com.fasterxml.jackson.annotation..", "org.axonframework.modelling.command..")
                .check(fleetloop);
    }

    @Test
    void commandSideDoesNotReadReadModelsOrQueries() {
        noClasses().that().resideInAPackage("io.fleetloop.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.projections..", "io.fleetloop.query..",
                        "io.fleetloop.sagas..", "io.fleetloop.platform..")
                .check(fleetloop);
    }

    @Test
    void sagasTalkToTheRestOnlyThroughMessages() {
        noClasses().that().resideInAPackage("io.fleetloop.sagas..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.command..", "io.fleetloop.projections..",
                        "io.fleetloop.query..", "io.fleetloop.platform..")
                .check(fleetloop);
    }

    @Test
    void projectionsAndQueriesDoNotReachIntoTheCommandSide() {
        noClasses().that().resideInAnyPackage("io.fleetloop.projections..", "io.fleetloop.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetloop.command..", "io.fleetloop.sagas..",
                        "io.fleetloop.platform..")
                .check(fleetloop);
        noClasses().that().resideInAPackage("io.fleetloop.projections..")
                .should().dependOnClassesThat().resideInAPackage("io.fleetloop.query..")
                .check(fleetloop);
    }

    @Test
    void theEdgeAgentAndTheLocalInfraKnowNoAxonMessages() {
        noClasses().that().resideInAnyPackage("io.fleetloop.edge..", "io.fleetloop.infra..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "io.fleetloop.api..")
                .check(fleetloop);
    }

    @Test
    void theDeviceContractIsJacksonRecordsOnly() {
        classes().that().resideInAPackage("io.fleetloop.ddi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fleetloop.ddi..", "java..", "com.fasterxml.jackson..")
                .check(fleetloop);
        noClasses().that().resideInAPackage("io.fleetloop.edge..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.fleetloop.command..")
                .check(fleetloop);
    }

    @Test
    void noContextImportsAnotherContextsInternals() {
        for (String module : List.of("command", "projections", "query", "sagas")) {
            for (String context : CONTEXTS) {
                for (String other : CONTEXTS) {
                    if (context.equals(other)) continue;
                    noClasses().that().resideInAPackage("io.fleetloop." + module + "." + context + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.fleetloop." + module + "." + other + "..")
                            .allowEmptyShould(true)
                            .check(fleetloop);
                }
            }
        }
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
}
