package io.fleetloop.infra.child;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM started by local-infra: {@code ParentWatch <main class> <args...>}.
 *
 * <p>It runs the real main class and watches standard input, which is a pipe from the parent JVM.
 * When the parent goes away in any way (normal exit, crash, {@code kill -9}) the pipe reaches end of
 * file and this JVM exits through {@link System#exit}, so the server's own shutdown hooks run. A
 * server must never outlive the platform that started it.
 *
 * <p>This class is copied as a single {@code .class} file into a folder that becomes the first entry
 * of the child's classpath, so it must depend on nothing but the JDK and must not compile to more
 * than one class file (no anonymous or nested classes; lambdas are fine).
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatch <main class> [args...]");
            System.exit(2);
        }
        Thread watch = new Thread(ParentWatch::watchStdin, "fleetloop-parent-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            Method main = Class.forName(args[0]).getMethod("main", String[].class);
            main.setAccessible(true); // e.g. Elasticsearch's CliToolLauncher is not a public class
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchStdin() {
        byte[] buffer = new byte[256];
        try {
            InputStream in = System.in;
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same: the parent is gone
        }
        System.err.println("[fleetloop local-infra] parent process is gone: shutting down");
        Thread halt = new Thread(ParentWatch::haltLater, "fleetloop-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }

    /** Last resort if a shutdown hook hangs: the JVM must not stay behind as an orphan. */
    private static void haltLater() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(1);
    }
}
