package io.roadmirror.embedded;

import io.roadmirror.config.EmbeddedSettings;
import io.roadmirror.runtime.Closeables;
import io.roadmirror.runtime.Directories;
import io.roadmirror.runtime.Ports;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded default's infrastructure: a real Kafka broker in this JVM and a real schema
 * registry as a child JVM, started side by side (the registry takes a few seconds) and stopped in
 * reverse order. All ports are checked before anything starts. With a data directory both keep
 * their data there (broker logs, the registry's schemas), so a restarted demo goes on where it stopped.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final Path workDir;
    private final boolean temporary;

    private EmbeddedStack(
            EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, Path workDir, boolean temporary) {
        this.broker = broker;
        this.registry = registry;
        this.workDir = workDir;
        this.temporary = temporary;
    }

    public static EmbeddedStack start(EmbeddedSettings settings) {
        Ports.requireFree(settings.brokerPort(), "Kafka broker", "--broker-port");
        Ports.requireFree(settings.controllerPort(), "KRaft controller", "--controller-port");
        Ports.requireFree(settings.registryPort(), "schema registry", "--registry-port");
        boolean temporary = settings.dataDir().isEmpty();
        Path workDir = settings.dataDir().orElseGet(() -> Directories.createTemp("roadmirror-"));
        CompletableFuture<EmbeddedSchemaRegistry> registry =
                CompletableFuture.supplyAsync(() -> EmbeddedSchemaRegistry.start(
                        settings.registryHome(),
                        settings.registryPort(),
                        workDir.resolve("registry.log"),
                        temporary ? Optional.empty() : Optional.of(workDir.resolve("registry-data"))));
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(settings.brokerPort(), settings.controllerPort(), workDir);
        } catch (RuntimeException e) {
            registry.thenAccept(EmbeddedSchemaRegistry::close);
            throw e;
        }
        try {
            return new EmbeddedStack(broker, registry.join(), workDir, temporary);
        } catch (CompletionException e) {
            broker.close();
            if (temporary) {
                Directories.deleteRecursively(workDir);
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    /** Directory for the broker's logs, the registry's output and Streams state. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        Closeables.closeAll(registry, broker, () -> {
            if (temporary) {
                Directories.deleteRecursively(workDir);
            }
        });
    }
}
