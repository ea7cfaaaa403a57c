package io.roadmirror.embedded;

import io.roadmirror.runtime.Directories;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.StartupException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller, one node) running in this JVM,
 * built from the broker's own server classes. Listens on the loopback interface only.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    /** Written at start and removed by a clean close: found at start, it says the last run was killed. */
    static final String RUNNING_MARK = "broker.running";

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private final boolean deleteDataOnClose;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path dataDir, boolean deleteDataOnClose) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
    }

    /**
     * Formats the storage (unless already formatted) and starts the broker.
     *
     * @param dataDir where the logs live; null for a temporary directory deleted on close
     */
    public static EmbeddedKafkaBroker start(int brokerPort, int controllerPort, Path dataDir) {
        Ports.requireFree(brokerPort, "Kafka broker", "--broker-port");
        Ports.requireFree(controllerPort, "KRaft controller", "--controller-port");
        boolean temporary = dataDir == null;
        Path dir = temporary ? Directories.createTemp("roadmirror-kafka-") : dataDir.resolve("kafka");
        try {
            Files.createDirectories(dir);
            Properties props = serverProperties(brokerPort, controllerPort, dir.resolve("logs"));
            Path configFile = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "roadmirror embedded broker");
            }
            Path running = dir.resolve(RUNNING_MARK);
            if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
                format(configFile); // once: a formatted directory keeps its cluster id, and a new one would not match
                // it
            } else if (Files.exists(running)) {
                StaleRegistrationFence.fence(props, controllerPort);
            }
            Files.writeString(running, Long.toString(ProcessHandle.current().pid()));
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            log.info("Kafka broker (KRaft) listening on 127.0.0.1:{}, data in {}", brokerPort, dir);
            return new EmbeddedKafkaBroker(server, brokerPort, dir, temporary);
        } catch (IOException e) {
            if (temporary) {
                Directories.deleteRecursively(dir);
            }
            throw new UncheckedIOException("cannot prepare the broker's data directory " + dir, e);
        } catch (RuntimeException e) {
            if (temporary) {
                Directories.deleteRecursively(dir);
            }
            throw new StartupException("the embedded Kafka broker failed to start: " + e.getMessage(), e);
        }
    }

    static Properties serverProperties(int brokerPort, int controllerPort, Path logDir) {
        Map<String, String> config = new TreeMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        // One broker: every internal topic has one replica.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "6");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "6");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created by roadmirror with the contract's cleanup policies, never implicitly.
        config.put("auto.create.topics.enable", "false");
        // The default 128 MiB dedupe buffer would inflate the process by that much for a demo.
        config.put("log.cleaner.dedupe.buffer.size", "8388608");
        config.put("log.cleaner.threads", "1");
        // Records carry their event time, and a replayed or simulated day may lie weeks back: retention by
        // time would delete it as soon as a newer record rolls the segment. Bound the embedded broker by size.
        config.put("log.retention.ms", "-1");
        config.put("log.retention.bytes", Long.toString(1L << 30));
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        Properties props = new Properties();
        props.putAll(config);
        return props;
    }

    private static void format(Path configFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(
                    new String[] {
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        configFile.toString(),
                        "--release-version",
                        MetadataVersion.latestProduction().version()
                    },
                    out);
        }
        if (exit != 0) {
            throw new StartupException("formatting the broker's storage failed: "
                    + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
            Files.deleteIfExists(dataDir.resolve(RUNNING_MARK));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dataDir.resolve(RUNNING_MARK), e);
        } finally {
            if (deleteDataOnClose) {
                Directories.deleteRecursively(dataDir);
            }
        }
    }
}
