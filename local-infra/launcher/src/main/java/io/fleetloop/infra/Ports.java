package io.fleetloop.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port choice on the loopback interface. */
final class Ports {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Ports handed out in this JVM and not yet released, so two servers started together never get the same one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * The preferred port if {@code fixed} and it is free, else a free ephemeral port.
     */
    static synchronized int pick(boolean fixed, int preferred) {
        if (fixed && preferred > 0 && !HANDED_OUT.contains(preferred) && isFree(preferred)) {
            HANDED_OUT.add(preferred);
            return preferred;
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ephemeral();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port found on " + LOOPBACK.getHostAddress());
    }

    static void release(int port) {
        HANDED_OUT.remove(port);
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if something accepts TCP connections on host:port within the timeout. */
    static boolean answers(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a TCP port on " + LOOPBACK.getHostAddress(), e);
        }
    }
}
