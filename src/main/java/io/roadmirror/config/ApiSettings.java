package io.roadmirror.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the query API listens and how the other instances of the application reach it.
 *
 * @param applicationServer host:port announced to Kafka Streams as {@code application.server}
 */
public record ApiSettings(String host, int port, String applicationServer) {

    static ApiSettings read(ConfigReader r) {
        String host = r.get(ConfigKeys.API_HOST);
        int port = r.get(ConfigKeys.API_PORT);
        String server = r.optional(ConfigKeys.APPLICATION_SERVER).orElseGet(() -> reachableName(host) + ":" + port);
        return new ApiSettings(host, port, server);
    }

    public String advertisedHost() {
        return applicationServer.substring(0, applicationServer.lastIndexOf(':'));
    }

    public int advertisedPort() {
        return Integer.parseInt(applicationServer.substring(applicationServer.lastIndexOf(':') + 1));
    }

    /** The URL a person on this machine opens (a wildcard bind is reachable through localhost). */
    public String localUrl() {
        return "http://" + (isWildcard(host) ? "localhost" : host) + ":" + port + "/";
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** A wildcard address is not something another instance can connect to: announce the host name instead. */
    private static String reachableName(String host) {
        if (!isWildcard(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
