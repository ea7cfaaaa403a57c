package io.roadmirror.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * A port free right now, for tests and tools that need several distinct ports (the benchmark's brokers, the test
     * clusters). Chosen below the OS's ephemeral range when that range is known: a port the OS hands out (bind to port 0)
     * lies inside it, where any outgoing connection opened before the port is bound (a Kafka client of another test, a
     * registry request) may take it as its own local port; the broker then failed with "already in use". Below the
     * range only another listener can take it, and this JVM never hands out one port twice.
     */
    public static int findFree() {
        int below = ephemeralRangeStart();
        if (below - LOWEST_CHOSEN >= 1_000) {
            for (int attempt = 0; attempt < 500; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST_CHOSEN, below);
                if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port) || attempt >= 100) {
                    return port; // here too, never the same port twice while the OS has others
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free port on the loopback interface", e);
            }
        }
    }

    /** The lowest port {@link #findFree} chooses: above the well-known and most registered ports. */
    static final int LOWEST_CHOSEN = 20_000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** The first port of the OS's ephemeral range (Linux), or 0 when it cannot be read. */
    static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
