package io.fleetloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A benchmark's report: printed at the end and written to {@code bench/target/<name>.txt}. */
final class BenchReport {

    private final String name;
    private final StringBuilder text = new StringBuilder();

    BenchReport(String name) {
        this.name = name;
    }

    void line(String line) {
        text.append(line).append('\n');
    }

    void row(String what, String value, String note) {
        line(String.format(Locale.ROOT, "  %-66s %22s  %s", what, value, note).stripTrailing());
    }

    void write() throws IOException {
        System.out.println();
        System.out.print(text);
        // run from the repository root (bench/run.sh) or from bench/
        Path dir = Files.isDirectory(Path.of("bench")) ? Path.of("bench", "target") : Path.of("target");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".txt");
        Files.writeString(file, text.toString());
        System.out.println("(written to " + file.toAbsolutePath() + ")");
    }
}
