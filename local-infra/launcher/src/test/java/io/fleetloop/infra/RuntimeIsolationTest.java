package io.fleetloop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The servers' dependencies ship as classpath files, never on the caller's classpath. */
class RuntimeIsolationTest {

    @Test
    void serverRuntimesResolveToFilesInTheLocalRepository() {
        assertThat(RuntimeArtifacts.resolve("elasticsearch"))
                .singleElement().satisfies(zip -> assertThat(zip.getFileName().toString()).isEqualTo("elasticsearch-8.19.21.zip"));
        assertThat(RuntimeArtifacts.resolve("s3proxy")).anySatisfy(jar ->
                assertThat(jar.getFileName().toString()).isEqualTo("s3proxy-4.1.0.jar")).allSatisfy(f -> assertThat(Files.isRegularFile(f)).isTrue());
        assertThat(RuntimeArtifacts.resolve("kafka")).anySatisfy(jar ->
                assertThat(jar.getFileName().toString()).isEqualTo("kafka_2.13-4.1.1.jar")).allSatisfy(f -> assertThat(Files.isRegularFile(f)).isTrue());
    }

    @Test
    void noServerDependencyLeaksOntoTheCallersClasspath() {
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> entry.substring(entry.lastIndexOf(File.separatorChar) + 1)).toList();
        assertThat(classpath).noneMatch(jar -> jar.startsWith("s3proxy-")
                || jar.startsWith("kafka_2.13") || jar.startsWith("kafka-server") || jar.startsWith("scala-library")
                || jar.startsWith("jetty-") || jar.startsWith("jclouds") || jar.startsWith("elasticsearch-8")
                || jar.startsWith("log4j-core") || jar.startsWith("logback-"));
    }
}
