package io.roadmirror.embedded;

import io.roadmirror.runtime.Directories;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.StartupException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-compatible schema registry (Apicurio Registry 2.6) as a child JVM on the
 * loopback interface, keeping its schemas in memory or, given a storage directory, in an H2 file
 * there: records written before a restart carry schema ids that must still mean the same schema. Its Confluent API is at {@code /apis/ccompat/v7}.
 * Apicurio 2.6 runs on Java 17, so it works on every machine this project targets; the build
 * unpacks it from Maven Central into {@code target/registry/}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    public static final String HOME_PROPERTY = "roadmirror.registry.home";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final ChildJvm jvm;
    private final int port;

    private EmbeddedSchemaRegistry(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts the registry and waits until its Confluent API answers.
     *
     * @param home    unpacked Apicurio distribution; empty to look beside the jar (target/registry/)
     * @param logFile where the registry's own output goes
     */
    public static EmbeddedSchemaRegistry start(Optional<Path> home, int port, Path logFile) {
        return start(home, port, logFile, Optional.empty());
    }

    /** @param storage directory for the registry's database; empty for in-memory storage (lost when it stops) */
    public static EmbeddedSchemaRegistry start(Optional<Path> home, int port, Path logFile, Optional<Path> storage) {
        Ports.requireFree(port, "schema registry", "--registry-port");
        Path runner = findRunnerJar(
                home.or(EmbeddedSchemaRegistry::defaultHome)
                        .orElseThrow(
                                () -> new StartupException(
                                        "cannot find the embedded schema registry: build it with `mvn -q package -DskipTests` (it unpacks into "
                                                + "target/registry/) or point --registry-home at an unpacked Apicurio Registry 2.6 distribution")));
        List<String> options = new ArrayList<>(List.of(
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.banner.enabled=false",
                "-Dregistry.rules.global.compatibility=BACKWARD"));
        // Apicurio 2.6 keeps its data in H2, in memory by default; a file survives a restart, even a kill -9.
        storage.ifPresent(dir -> options.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:"
                + Directories.create(dir).toAbsolutePath().resolve("registry")));
        ChildJvm jvm = ChildJvm.start(
                "schema-registry", null, options, List.of("-jar", runner.toString()), runner.getParent(), logFile);
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(jvm, port);
        try {
            registry.awaitReady();
        } catch (RuntimeException e) {
            jvm.close();
            throw e;
        }
        log.info("Schema registry (Apicurio, Confluent API) listening on {}", registry.url());
        return registry;
    }

    /** target/registry/apicurio-* beside the running jar (or beside target/classes in a build). */
    static Optional<Path> defaultHome() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        try {
            Path codeLocation = Path.of(EmbeddedSchemaRegistry.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path registryDir = codeLocation.getParent().resolve("registry");
            if (!Files.isDirectory(registryDir)) {
                return Optional.empty();
            }
            try (Stream<Path> dirs = Files.list(registryDir)) {
                return dirs.filter(d -> d.getFileName().toString().startsWith("apicurio-"))
                        .sorted()
                        .reduce((a, b) -> b);
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path findRunnerJar(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new StartupException("no Apicurio *-runner.jar in " + home
                            + "; --registry-home must point at an unpacked apicurio-registry-app 2.6 tar.gz"));
        } catch (IOException e) {
            throw new StartupException(
                    "cannot read the registry directory " + home + ": " + e.getMessage()
                            + "; rebuild with `mvn -q package -DskipTests` or fix --registry-home",
                    e);
        }
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!jvm.isAlive()) {
                throw new StartupException("the schema registry exited during start-up; its log (" + jvm.logFile()
                        + ") ends with:\n" + jvm.logTail(20));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the schema registry");
            }
            pause();
        }
        throw new StartupException("the schema registry did not answer within " + READY_TIMEOUT.toSeconds()
                + " s; its log (" + jvm.logFile() + ") ends with:\n" + jvm.logTail(20));
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Base URL of the Confluent-compatible API. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + CCOMPAT_PATH);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return jvm.pid();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
