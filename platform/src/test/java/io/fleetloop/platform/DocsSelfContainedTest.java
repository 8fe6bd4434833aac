package io.fleetloop.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and docs/ are read on machines without internet and without the project's tracker: every link points
 * to a file of the repository that exists, and nothing refers to issue numbers or documents outside the repository.
 */
class DocsSelfContainedTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern OUTSIDE = Pattern.compile("(?i)\\bissue #?\\d+|#\\d+ item|\\bseed \\d{3}|\\.\\./shared|https?://(?!localhost|127\\.0\\.0\\.1)[\\w.-]+\\.[a-z]{2,}/");

    @Test
    void everyLinkIsARepositoryFileAndNothingPointsOutside() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs()) {
            String text = Files.readString(doc);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty()) continue;
                if (target.contains("://") || !Files.exists(doc.getParent().resolve(target).normalize())) {
                    problems.add(ROOT.relativize(doc) + ": link " + link.group(1));
                }
            }
            Matcher outside = OUTSIDE.matcher(text);
            while (outside.find()) problems.add(ROOT.relativize(doc) + ": refers outside the repository: " + outside.group());
        }
        assertThat(problems).isEmpty();
    }

    private static List<Path> docs() throws IOException {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> all = new ArrayList<>(docs.filter(p -> p.toString().endsWith(".md")).sorted().toList());
            all.add(0, ROOT.resolve("README.md"));
            return all;
        }
    }
}
