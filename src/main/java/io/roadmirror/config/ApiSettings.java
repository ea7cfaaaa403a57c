package io.roadmirror.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the query API listens, how the other instances of the application reach it, who may use
 * it and how much it may take on at once. Secrets (passwords, tokens) never appear in
 * {@link #toString()} nor in a configuration error.
 *
 * @param applicationServer host:port announced to Kafka Streams as {@code application.server}: where the other
 *                          instances reach this one's internal routes
 * @param internalPort      a separate port for /internal/* and /metrics; empty = they share {@code port}
 * @param corsOrigins       origins allowed to call the API from a browser ("*" = any); empty = same origin only
 */
public record ApiSettings(
        String host,
        int port,
        String applicationServer,
        Optional<Integer> internalPort,
        Optional<Tls> tls,
        Auth auth,
        List<String> corsOrigins,
        Limits limits) {
    static final int MIN_SECRET_LENGTH = 16;

    public ApiSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** How much the API takes on at once, so that its clients cannot starve the pipeline in the same JVM. */
    public record Limits(
            int maxConcurrentRequests,
            int maxConcurrentBulk,
            Duration cacheMaxAge,
            int sseMaxClients,
            int sseClientQueue,
            int sseReplay) {}

    /** https with this keystore; {@code truststore} (empty = the JVM's) checks the other instances' certificates. */
    public record Tls(
            Path keystore,
            String keystoreType,
            String keystorePassword,
            Optional<Path> truststore,
            Optional<String> truststorePassword) {
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", keystoreType=" + keystoreType
                    + ", keystorePassword=****, truststore="
                    + truststore.map(Path::toString).orElse("(JVM default)") + "]";
        }
    }

    /**
     * @param tokens         bearer tokens accepted on the public routes; empty = no authentication
     * @param internalSecret what the instances present to each other on the internal routes; empty = not checked
     */
    public record Auth(List<String> tokens, Optional<String> internalSecret) {
        public Auth {
            tokens = List.copyOf(tokens);
        }

        public static Auth none() {
            return new Auth(List.of(), Optional.empty());
        }

        public boolean required() {
            return !tokens.isEmpty();
        }

        @Override
        public String toString() {
            return "Auth[tokens=" + tokens.size() + " (hidden), internalSecret="
                    + (internalSecret.isPresent() ? "****" : "none") + "]";
        }
    }

    static ApiSettings read(ConfigReader r) {
        String host = r.get(ConfigKeys.API_HOST);
        int port = r.get(ConfigKeys.API_PORT);
        Optional<Integer> internalPort = r.optional(ConfigKeys.API_INTERNAL_PORT);
        if (internalPort.isPresent() && internalPort.get() == port) {
            r.problem(ConfigKeys.API_INTERNAL_PORT.name() + " = " + port
                    + " is api.port as well: give the internal routes another port " + "("
                    + ConfigKeys.API_INTERNAL_PORT.flag() + "), or leave it unset to share api.port");
        }
        String server = r.optional(ConfigKeys.APPLICATION_SERVER)
                .orElseGet(() -> reachableName(host) + ":" + internalPort.orElse(port));
        Auth auth = auth(r);
        Limits limits = new Limits(
                r.get(ConfigKeys.API_MAX_CONCURRENT),
                r.get(ConfigKeys.API_MAX_CONCURRENT_BULK),
                r.get(ConfigKeys.API_CACHE_MAX_AGE),
                r.get(ConfigKeys.API_SSE_MAX_CLIENTS),
                r.get(ConfigKeys.API_SSE_CLIENT_QUEUE),
                r.get(ConfigKeys.API_SSE_REPLAY));
        if (limits.maxConcurrentBulk() > limits.maxConcurrentRequests()) {
            r.problem(ConfigKeys.API_MAX_CONCURRENT_BULK.name() + " (" + limits.maxConcurrentBulk() + ") is more than "
                    + ConfigKeys.API_MAX_CONCURRENT.name() + " (" + limits.maxConcurrentRequests()
                    + "), of which it is a part: lower it");
        }
        return new ApiSettings(host, port, server, internalPort, tls(r), auth, corsOrigins(r), limits);
    }

    private static Optional<Tls> tls(ConfigReader r) {
        Optional<Path> keystore = r.optional(ConfigKeys.API_TLS_KEYSTORE);
        Optional<String> password = r.optional(ConfigKeys.API_TLS_KEYSTORE_PASSWORD);
        String type = r.get(ConfigKeys.API_TLS_KEYSTORE_TYPE);
        Optional<Path> truststore = r.optional(ConfigKeys.API_TLS_TRUSTSTORE);
        Optional<String> trustPassword = r.optional(ConfigKeys.API_TLS_TRUSTSTORE_PASSWORD);
        if (keystore.isEmpty()) {
            if (truststore.isPresent() || password.isPresent()) {
                r.problem("api.tls.truststore and api.tls.keystore.password take effect only with "
                        + ConfigKeys.API_TLS_KEYSTORE.name() + ": set it (" + ConfigKeys.API_TLS_KEYSTORE.flag()
                        + ") to serve https, or remove them");
            }
            return Optional.empty();
        }
        if (password.isEmpty()) {
            r.problem(ConfigKeys.API_TLS_KEYSTORE.name() + " is set but " + ConfigKeys.API_TLS_KEYSTORE_PASSWORD.name()
                    + " is not: set it, preferably as " + ConfigKeys.API_TLS_KEYSTORE_PASSWORD.envVar());
            return Optional.empty();
        }
        checkOpens(
                r,
                ConfigKeys.API_TLS_KEYSTORE,
                keystore.get(),
                type,
                password.get(),
                ConfigKeys.API_TLS_KEYSTORE_PASSWORD);
        truststore.ifPresent(path -> checkOpens(
                r,
                ConfigKeys.API_TLS_TRUSTSTORE,
                path,
                type,
                trustPassword.orElse(""),
                ConfigKeys.API_TLS_TRUSTSTORE_PASSWORD));
        return Optional.of(new Tls(keystore.get(), type, password.get(), truststore, trustPassword));
    }

    /** Opens the store now, so a wrong path or password stops the start with a clear line (never the password itself). */
    private static void checkOpens(
            ConfigReader r,
            ConfigKey<Path> key,
            Path path,
            String type,
            String password,
            ConfigKey<String> passwordKey) {
        if (!Files.isReadable(path)) {
            r.problem(key.name() + " = '" + path + "': the file does not exist or cannot be read");
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore.getInstance(type).load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            r.problem(key.name() + " = '" + path + "' cannot be opened as a " + type + " store with "
                    + passwordKey.name() + ": check the password, and api.tls.keystore.type (PKCS12 or JKS)");
        }
    }

    private static Auth auth(ConfigReader r) {
        Set<String> tokens = new LinkedHashSet<>();
        r.optional(ConfigKeys.API_AUTH_TOKENS).ifPresent(text -> tokens.addAll(split(text, ",")));
        r.optional(ConfigKeys.API_AUTH_TOKENS_FILE).ifPresent(file -> {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String token = line.strip();
                    if (!token.isEmpty() && !token.startsWith("#")) {
                        tokens.add(token);
                    }
                }
                if (tokens.isEmpty()) {
                    r.problem(ConfigKeys.API_AUTH_TOKENS_FILE.name() + " = '" + file
                            + "' holds no token: put one per line");
                }
            } catch (IOException e) {
                r.problem(ConfigKeys.API_AUTH_TOKENS_FILE.name() + " = '" + file
                        + "': the file does not exist or cannot be read");
            }
        });
        for (String token : tokens) {
            if (token.length() < MIN_SECRET_LENGTH
                    || token.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x21 || c > 0x7e)) {
                r.problem(
                        "a token of api.auth.tokens / api.auth.tokens.file is shorter than " + MIN_SECRET_LENGTH
                                + " characters or has characters other than printable ASCII: use long random tokens, e.g. openssl rand -hex 32");
                break;
            }
        }
        Optional<String> secret = r.optional(ConfigKeys.API_INTERNAL_SECRET).map(String::strip);
        if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
            r.problem(ConfigKeys.API_INTERNAL_SECRET.name() + " is shorter than " + MIN_SECRET_LENGTH
                    + " characters: use a long random value, e.g. openssl rand -hex 32, the same on every instance");
        }
        if (!tokens.isEmpty() && secret.isEmpty()) {
            r.problem("api.auth.tokens protects the public routes, but " + ConfigKeys.API_INTERNAL_SECRET.name()
                    + " is not set, so /internal/* would stay open: set it (the same on every instance), e.g. as "
                    + ConfigKeys.API_INTERNAL_SECRET.envVar());
        }
        return new Auth(new ArrayList<>(tokens), secret);
    }

    private static List<String> corsOrigins(ConfigReader r) {
        List<String> origins = r.optional(ConfigKeys.API_CORS_ORIGINS)
                .map(text -> split(text, ","))
                .orElse(List.of());
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                r.problem(ConfigKeys.API_CORS_ORIGINS.name() + ": '" + origin
                        + "' is not an origin; expected scheme://host[:port] "
                        + "without a path, e.g. https://maps.example.com, or *");
            }
        }
        return origins;
    }

    private static List<String> split(String text, String separator) {
        return Arrays.stream(text.split(separator))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public String advertisedHost() {
        return applicationServer.substring(0, applicationServer.lastIndexOf(':'));
    }

    public int advertisedPort() {
        return Integer.parseInt(applicationServer.substring(applicationServer.lastIndexOf(':') + 1));
    }

    /** http or https, for this instance and (configured alike) its peers. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /** The URL a person on this machine opens (a wildcard bind is reachable through localhost). */
    public String localUrl() {
        return scheme() + "://" + (isWildcard(host) ? "localhost" : host) + ":" + port + "/";
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
