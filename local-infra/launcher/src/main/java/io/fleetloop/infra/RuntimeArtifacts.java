package io.fleetloop.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.io.StringReader;
import java.util.Optional;

/**
 * Reads a server's runtime classpath from {@code META-INF/fleetloop/<server>.classpath}, written at build
 * time into the matching {@code local-infra-<server>-runtime} jar, and resolves its {@code @M2@}
 * entries against a local Maven repository that holds all of them.
 */
final class RuntimeArtifacts {

    static final String REPO_PLACEHOLDER = "@M2@";

    private RuntimeArtifacts() {
    }

    static List<Path> resolve(String server) {
        List<String> entries = entries(server);
        Set<Path> repositories = candidateRepositories(server);
        for (Path repository : repositories) {
            List<Path> files = new ArrayList<>();
            for (String entry : entries) {
                files.add(entry.startsWith(REPO_PLACEHOLDER)
                        ? repository.resolve(entry.substring(REPO_PLACEHOLDER.length() + 1))
                        : Path.of(entry));
            }
            if (files.stream().allMatch(Files::isRegularFile)) {
                return files;
            }
        }
        String first = entries.isEmpty() ? "(none)" : entries.get(0);
        throw new IllegalStateException("The " + server + " runtime (" + entries.size() + " files, e.g. " + first
                + ") is not complete in any local Maven repository of " + repositories
                + ". Build the project once (./mvnw install) so Maven downloads it, or point the system property "
                + "fleetloop.infra.m2-repository at the repository that holds it.");
    }

    static List<String> entries(String server) {
        String text = resource("META-INF/fleetloop/" + server + ".classpath")
                .orElseThrow(() -> new IllegalStateException("META-INF/fleetloop/" + server + ".classpath is not on the "
                        + "classpath: io.fleetloop:local-infra-" + server + "-runtime is missing"));
        List<String> entries = new ArrayList<>();
        for (String entry : text.trim().split("\\|")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    private static Set<Path> candidateRepositories(String server) {
        Set<Path> repositories = new LinkedHashSet<>();
        addIfSet(repositories, System.getProperty("fleetloop.infra.m2-repository"));
        addIfSet(repositories, System.getenv("FLEETLOOP_M2_REPOSITORY"));
        addIfSet(repositories, System.getProperty("maven.repo.local"));
        resource("META-INF/fleetloop/" + server + ".properties").ifPresent(text -> {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            addIfSet(repositories, properties.getProperty("localRepository"));
        });
        addIfSet(repositories, System.getProperty("user.home") + "/.m2/repository");
        return repositories;
    }

    private static void addIfSet(Set<Path> repositories, String value) {
        if (value != null && !value.isBlank() && !value.contains("${")) {
            repositories.add(Path.of(value).toAbsolutePath().normalize());
        }
    }

    private static Optional<String> resource(String name) {
        ClassLoader loader = RuntimeArtifacts.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
