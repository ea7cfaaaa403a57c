package io.roadmirror.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks made before anything starts, so a taken port is a one-line error, not a stack trace. */
public final class Ports {
    private Ports() {}

    /** Fails with a message naming the port, what needs it, and the flag that changes it. */
    public static void requireFree(int port, String usedFor, String flag) {
        if (!isFree(port)) {
            throw new StartupException("Port " + port + " (" + usedFor
                    + ") is already in use. Stop whatever listens on it, or choose another port with " + flag + ".");
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // like the servers: TIME_WAIT leftovers do not make a port busy
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // like the servers: TIME_WAIT leftovers do not make a port busy
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the OS considers free right now (for tests and tools that need several distinct ports). */
    public static int findFree() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on the loopback interface", e);
        }
    }
}
