package io.fleetloop.infra;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every server needs to know: the data folder layout and the port policy. */
final class InfraContext {

    final Path dataDir;
    final boolean fixedPorts;

    InfraContext(Path dataDir, boolean fixedPorts) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.fixedPorts = fixedPorts;
    }

    Path logFile(String server) {
        return dataDir.resolve("logs").resolve(server + ".log");
    }

    Path pidFile(String server) {
        return dataDir.resolve("run").resolve(server + ".pid");
    }

    Path dir(String name) {
        return dataDir.resolve(name);
    }

    /** Appears in the command line of every process we start for this data folder. */
    String marker() {
        return dataDir + File.separator;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * {@code java -Dfleetloop.infra.dataDir=... <jvm options> @<argfile with -cp> ParentWatch <main> <args>};
     * the classpath goes into an argument file so {@code ps} stays readable.
     */
    List<String> javaCommand(Path confDir, Path parentWatchDir, List<String> jvmOptions, List<Path> classpath,
                             String mainClass, List<String> args) {
        StringBuilder cp = new StringBuilder(parentWatchDir.toString());
        for (Path entry : classpath) {
            cp.append(File.pathSeparatorChar).append(entry);
        }
        Path argFile = confDir.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".classpath.args");
        LocalFiles.write(argFile, "-cp " + LocalFiles.argFileQuote(cp.toString()) + "\n");
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.add("-Dfleetloop.infra.dataDir=" + marker());
        command.addAll(jvmOptions);
        command.add("@" + argFile);
        command.add("io.fleetloop.infra.child.ParentWatch");
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
