package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.ArtifactRef;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A CLI operator as a sandboxed process: a fresh working directory per attempt under {@code fleetloop.workflow.cli-root},
 * the command {@code spec.command} with {@code spec.args} (each a template of inputs/parameters, {@code ${name}}) and no
 * shell, an emptied environment (PATH and HOME only), a wall-clock limit (the node's timeout; then the process is
 * destroyed), and capped stdout/stderr. An argument that names a path outside the working directory is refused before
 * anything starts. stdout (and a non-empty stderr) become artifacts, as do declared output files ({@code spec.files}:
 * output name → path in the working directory).
 */
@Component
class CliOperator implements NodeOperator {

    static final String STDOUT = "stdout.txt";
    static final String STDERR = "stderr.txt";
    static final int LOG_TAIL = 8 * 1024;

    private final Path root;
    private final long maxOutputBytes;

    CliOperator(@Value("${fleetloop.workflow.cli-root:#{systemProperties['java.io.tmpdir']}/fleetloop-workflow-cli}") Path root,
                @Value("${fleetloop.workflow.cli-max-output-bytes:16777216}") long maxOutputBytes) {
        this.root = root.toAbsolutePath().normalize();
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.CLI;
    }

    @Override
    public NodeResult execute(NodeCall call) throws Exception {
        Object command = call.spec().get("command");
        if (command == null || String.valueOf(command).isBlank()) throw new NodeFailure("CLI operator without spec.command");
        Path workDir = freshWorkDir(call);
        List<String> argv = new ArrayList<>();
        argv.add(String.valueOf(command));
        Map<String, Object> values = call.inputsAndParameters();
        List<?> args = call.spec().get("args") instanceof List<?> list ? list : List.of();
        for (int i = 0; i < args.size(); i++) {
            String arg = Templates.fill(String.valueOf(args.get(i)), values);
            requireInside(workDir, arg, "argument " + (i + 1));
            argv.add(arg);
        }
        Path stdout = workDir.resolve(".stdout");
        Path stderr = workDir.resolve(".stderr");
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", workDir.toString());
        builder.environment().put("LANG", "C.UTF-8");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new NodeFailure("CLI command '" + command + "' could not start: " + e.getMessage());
        }
        long deadline = System.nanoTime() + call.timeout().toNanos();
        String stop = null;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) stop = "timed out after " + call.timeout();
            else if (Files.size(stdout) > maxOutputBytes || Files.size(stderr) > maxOutputBytes) stop = "output exceeded " + maxOutputBytes + " bytes";
            else if (call.job().cancelled()) stop = "cancelled";
            if (stop != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                break;
            }
        }
        String log = tail(stdout) + (Files.size(stderr) > 0 ? "\n--- stderr ---\n" + tail(stderr) : "");
        if (stop != null) throw new NodeFailure("CLI command '" + command + "' " + stop, log);
        int exit = process.exitValue();
        if (exit != 0) throw new NodeFailure("CLI command '" + command + "' exited with code " + exit + ": " + tail(stderr).strip(), log);
        List<ArtifactRef> artifacts = new ArrayList<>();
        artifacts.add(call.artifacts().put(STDOUT, stdout, "text/plain"));
        if (Files.size(stderr) > 0) artifacts.add(call.artifacts().put(STDERR, stderr, "text/plain"));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("exitCode", exit);
        if (Files.size(stdout) <= 1024) outputs.put("stdout", Files.readString(stdout, StandardCharsets.UTF_8));
        if (call.spec().get("files") instanceof Map<?, ?> files) {
            for (Map.Entry<?, ?> file : files.entrySet()) {
                String name = String.valueOf(file.getKey());
                Path path = requireInside(workDir, String.valueOf(file.getValue()), "output file '" + name + "'");
                if (!Files.isRegularFile(path)) throw new NodeFailure("CLI command did not write its output file '" + file.getValue() + "'", log);
                ArtifactRef artifact = call.artifacts().put(name, path, "application/octet-stream");
                artifacts.add(artifact);
                outputs.put(name, Map.of("key", artifact.key(), "size", artifact.size(), "sha256", artifact.sha256()));
            }
        }
        deleteQuietly(workDir);
        return new NodeResult(outputs, artifacts, log);
    }

    private Path freshWorkDir(NodeCall call) throws IOException, NodeFailure {
        Path dir = root.resolve(safe(call.tenantId())).resolve(safe(call.queued().runId().value())).resolve(safe(call.queued().nodeId()))
                .resolve("attempt-" + call.queued().attempt()).normalize();
        if (!dir.startsWith(root)) throw new NodeFailure("the node's working directory would be outside the CLI root");
        deleteQuietly(dir);
        return Files.createDirectories(dir);
    }

    /** A path-like argument must stay in the working directory: no absolute paths, no {@code ..} out of it. */
    static Path requireInside(Path workDir, String arg, String what) throws NodeFailure {
        String value = arg.startsWith("-") && arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : arg;
        boolean pathLike = value.startsWith("/") || value.startsWith("~") || value.equals("..") || value.startsWith("../")
                || value.contains("/../") || value.endsWith("/..");
        Path resolved = workDir.resolve(value.startsWith("~") ? "/" + value : value).normalize();
        if (pathLike && !resolved.startsWith(workDir)) {
            throw new NodeFailure(what + " '" + arg + "' escapes the node's working directory");
        }
        return resolved;
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - LOG_TAIL);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover directory of an earlier attempt is harmless
        }
    }
}
