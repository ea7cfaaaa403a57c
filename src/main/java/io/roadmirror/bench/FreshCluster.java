package io.roadmirror.bench;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Closeables;
import io.roadmirror.runtime.Directories;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.topics.TopicDefinition;
import io.roadmirror.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A clean slate for one benchmark phase: a new Kafka broker on free ports with empty topics and
 * the road network loaded, so no phase sees another's data, consumer groups or transactions.
 * The schema registry outlives it (schemas and their ids do not change between phases).
 */
final class FreshCluster implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final RoadmirrorConfig config;
    private final SchemaRegistryClient registry;
    private final Topics topics;
    private final Path stateDir;

    private FreshCluster(
            EmbeddedKafkaBroker broker, RoadmirrorConfig config, SchemaRegistryClient registry, Path stateDir) {
        this.broker = broker;
        this.config = config;
        this.registry = registry;
        this.topics = new Topics(registry, false);
        this.stateDir = stateDir;
    }

    static FreshCluster start(String phase, URI registryUrl, int partitions, String guarantee, RoadNetwork network) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        try {
            RoadmirrorConfig config = RoadmirrorConfig.of(Map.of(
                    "bootstrap.servers",
                    broker.bootstrapServers(),
                    "schema.registry.url",
                    registryUrl.toString(),
                    "application.id",
                    "roadmirror-bench-" + phase,
                    "topic.partitions",
                    Integer.toString(partitions),
                    "topic.replication.factor",
                    "1",
                    "processing.guarantee",
                    guarantee));
            FreshCluster cluster = new FreshCluster(
                    broker,
                    config,
                    new HttpSchemaRegistryClient(config.registry()),
                    Directories.createTemp("roadmirror-bench-state-"));
            try (Admin admin = cluster.admin()) {
                TopicSetup.ensureTopics(admin, partitions, 1, Pipeline.topics(config.kafka()));
                keepForever(admin, Pipeline.topics(config.kafka()));
            }
            NetworkPublisher.publish(network, cluster.topics.roadNetwork, cluster.clientProperties());
            return cluster;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /**
     * The workload's clock runs a month back (see {@link Workload}): without this, the broker's 7-day retention
     * would delete input and output by their timestamps at its next check, in the middle of a phase.
     */
    private static void keepForever(Admin admin, List<TopicDefinition> topics) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (TopicDefinition topic : topics) {
            if (!topic.compacted()) {
                changes.put(
                        new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                        List.of(new AlterConfigOp(
                                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET)));
            }
        }
        try {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot turn off retention by time on the benchmark's topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    RoadmirrorConfig config() {
        return config;
    }

    Topics topics() {
        return topics;
    }

    SchemaRegistryClient registry() {
        return registry;
    }

    Properties clientProperties() {
        return config.kafka().clientProperties();
    }

    Admin admin() {
        return Admin.create(clientProperties());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String applicationId() {
        return config.kafka().applicationId();
    }

    /** Where the pipeline of this phase keeps its state stores. */
    Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        Closeables.closeAll(registry, broker, () -> Directories.deleteRecursively(stateDir));
    }
}
