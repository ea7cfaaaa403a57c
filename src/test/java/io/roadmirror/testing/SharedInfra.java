package io.roadmirror.testing;

import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.embedded.EmbeddedSchemaRegistry;
import io.roadmirror.registry.Compatibility;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One real Kafka broker and one real schema registry per test JVM, started on first use on free
 * ports and stopped at JVM exit: integration tests share them (each test uses its own topics or
 * subjects) instead of paying the start-up for every class.
 */
public final class SharedInfra {
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    private SharedInfra() {}

    public static synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return broker;
    }

    public static synchronized EmbeddedSchemaRegistry registry() {
        if (registry == null) {
            registry = EmbeddedSchemaRegistry.start(
                    Optional.empty(),
                    Ports.findFree(),
                    Path.of("target", "test-registry-" + ProcessHandle.current().pid() + ".log"));
            try (SchemaRegistryClient client = client()) {
                client.setGlobalCompatibility(Compatibility.BACKWARD);
            }
        }
        return registry;
    }

    public static URI registryUrl() {
        return registry().url();
    }

    public static HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(
                List.of(registryUrl()), Optional.empty(), 100, Duration.ofSeconds(10), defaultSsl());
    }

    private static javax.net.ssl.SSLContext defaultSsl() {
        try {
            return javax.net.ssl.SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
