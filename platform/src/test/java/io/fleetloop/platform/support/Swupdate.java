package io.fleetloop.platform.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code swupdate} as an unmodified hawkBit DDI device (see INFRA-NOTES "Debian swupdate"): a signer
 * certificate, signed {@code .swu} images for it, and the suricatta daemon as a child process. Everything lives in
 * one folder under {@code target/} (keys, images, the daemon's config, tmp and log), kept for diagnosis.
 */
public final class Swupdate {

    /** The board and revision the device claims ({@code -H}); images list the revision as hardware-compatible. */
    public static final String BOARD = "fleetloop-board";
    public static final String REVISION = "1.0";

    private static final List<String> COMMANDS = List.of("swupdate", "openssl", "cpio");

    private final Path dir;
    private final Path certificate;
    private final List<Process> daemons = new ArrayList<>();
    private Path lastLog;

    private Swupdate(Path dir) {
        this.dir = dir;
        this.certificate = dir.resolve("signer.crt");
    }

    /**
     * A device folder with a fresh self-signed signer; fails (never skips) when the OS packages are missing, since
     * this client is the suite's proof of hawkBit compatibility.
     */
    public static Swupdate in(Path dir) throws IOException {
        List<String> missing = COMMANDS.stream().filter(command -> !onPath(command)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("not installed: " + String.join(", ", missing) + " — run ./test.sh (it installs swupdate, cpio and "
                    + "openssl when missing) or apt-get install -y --no-install-recommends swupdate cpio openssl");
        }
        Files.createDirectories(dir.resolve("tmp"));
        Swupdate swupdate = new Swupdate(dir);
        swupdate.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.crt",
                "-days", "2", "-subj", "/CN=fleetloop-test-signer"), null);
        return swupdate;
    }

    /**
     * A signed image that installs {@code payload} to {@code installTo} with the {@code rawfile} handler: a cpio
     * ({@code newc+crc}) of {@code sw-description}, its CMS signature, then the payload, whose sha256 the description holds.
     */
    public byte[] image(String name, String version, byte[] payload, Path installTo) throws IOException {
        Path work = Files.createDirectories(dir.resolve(name + ".d"));
        Files.write(work.resolve("payload.bin"), payload);
        Files.writeString(work.resolve("sw-description"), """
                software =
                {
                    version = "%s";
                    hardware-compatibility: [ "%s" ];
                    files: (
                        {
                            filename = "payload.bin";
                            path = "%s";
                            sha256 = "%s";
                        }
                    );
                }
                """.formatted(version, REVISION, installTo.toAbsolutePath(), SourceBucket.sha256(payload)));
        run(List.of("openssl", "cms", "-sign", "-in", "sw-description", "-out", "sw-description.sig", "-signer", certificate.toAbsolutePath().toString(),
                "-inkey", dir.resolve("signer.key").toAbsolutePath().toString(), "-outform", "DER", "-nosmimecap", "-binary"), work);
        Path list = Files.writeString(work.resolve("files.txt"), "sw-description\nsw-description.sig\npayload.bin\n");
        Path swu = dir.resolve(name + ".swu");
        Process cpio = new ProcessBuilder("cpio", "--quiet", "-o", "-H", "crc").directory(work.toFile())
                .redirectInput(list.toFile()).redirectOutput(swu.toFile()).redirectError(work.resolve("cpio.err").toFile()).start();
        await(cpio, List.of("cpio"), work.resolve("cpio.err"));
        return Files.readAllBytes(swu);
    }

    /**
     * Starts {@code swupdate} in suricatta mode polling {@code baseUrl} every second as {@code controllerId} with its
     * target token, appending to {@code <dir>/<logName>.log}; {@code confirm} (hawkBit suricatta {@code -c}: 2 = success)
     * tells it the result of an update installed before a restart, {@code null} for none. It reports its
     * {@code identify} entries ({@code hwRevision}) as hawkBit configData.
     */
    public Process suricatta(String baseUrl, String tenant, String controllerId, String targetToken, Integer confirm, String logName)
            throws IOException {
        Path config = Files.writeString(dir.resolve("swupdate.cfg"), """
                globals :
                {
                    verbose = true;
                    loglevel = 6;
                };
                identify : (
                    { name = "hwRevision"; value = "%s"; }
                );
                suricatta :
                {
                    retrywait = 1;
                    connection-timeout = 10;
                };
                """.formatted(REVISION));
        String suricatta = "-t " + tenant + " -i " + controllerId + " -u " + baseUrl + " -k " + targetToken + " -p 1"
                + (confirm == null ? "" : " -c " + confirm);
        List<String> command = List.of("swupdate", "-v", "-f", config.toAbsolutePath().toString(), "-k", certificate.toAbsolutePath().toString(),
                "-H", BOARD + ":" + REVISION, "-u", suricatta);
        Path log = dir.resolve(logName + ".log");
        Files.writeString(log, String.join(" ", command) + "\n");
        lastLog = log;
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Its IPC sockets and extracted files go to TMPDIR: a folder of this device, not the machine's /tmp.
        builder.environment().put("TMPDIR", dir.resolve("tmp").toAbsolutePath().toString());
        Process process = builder.start();
        daemons.add(process);
        // A test JVM that is killed or times out must not leave a daemon polling behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "swupdate-stop"));
        return process;
    }

    /** Stops a daemon (SIGTERM, then SIGKILL after 5 s). */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    /** Stops every daemon this device started. */
    public void stopAll() throws InterruptedException {
        for (Process process : daemons) stop(process);
    }

    public Path dir() {
        return dir;
    }

    /** Whether the daemon started last logged {@code text}. */
    public boolean logged(String text) throws IOException {
        return lastLog != null && new String(Files.readAllBytes(lastLog), StandardCharsets.UTF_8).contains(text);
    }

    /** The last lines of the log of the daemon started last. */
    public List<String> logTail(int lines) throws IOException {
        if (lastLog == null) return List.of();
        List<String> all = new String(Files.readAllBytes(lastLog), StandardCharsets.UTF_8).lines().toList();
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    private void run(List<String> command, Path in) throws IOException {
        Path err = dir.resolve(command.get(0) + ".err");
        Process process = new ProcessBuilder(command).directory((in == null ? dir : in).toFile())
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        await(process, command, err);
    }

    private static void await(Process process, List<String> command, Path output) throws IOException {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + Files.readString(output));
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, command))) return true;
        }
        return false;
    }
}
