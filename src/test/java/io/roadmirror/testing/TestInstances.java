package io.roadmirror.testing;

import io.roadmirror.api.ServedPipeline;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Instances of the application as `run` starts them (pipeline, metrics, query API), on a test
 * broker and the shared real registry, with production settings: schemas registered up front,
 * auto-registration off, exactly-once.
 */
public final class TestInstances {
    private TestInstances() {}

    /** One instance's configuration: API on 127.0.0.1:apiPort, announced as application.server. */
    public static RoadmirrorConfig config(
            String bootstrapServers, String applicationId, int partitions, int apiPort, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "schema.registry.url",
                SharedInfra.registryUrl().toString(),
                "application.id",
                applicationId,
                "topic.partitions",
                Integer.toString(partitions),
                "topic.replication.factor",
                "1",
                "num.stream.threads",
                "1",
                "api.host",
                "127.0.0.1",
                "api.port",
                Integer.toString(apiPort)));
        settings.putAll(more);
        return RoadmirrorConfig.of(settings);
    }

    /** What an operator does once per cluster: register the schemas, create the topics, load the network. */
    public static void prepareCluster(RoadmirrorConfig config, RoadNetwork network) {
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
            SchemaSetup.registerAll(registry);
            try (Admin admin = Admin.create(config.kafka().clientProperties())) {
                TopicSetup.ensureTopics(admin, config.kafka().topicPartitions(), 1, Pipeline.topics(config.kafka()));
            }
            NetworkPublisher.publish(
                    network,
                    new Topics(registry, false).roadNetwork,
                    config.kafka().clientProperties());
        }
    }

    /** Starts an instance with its own state directory and waits until it is RUNNING. */
    public static ServedPipeline start(RoadmirrorConfig config) {
        return ServedPipeline.start(
                config,
                new HttpSchemaRegistryClient(config.registry()),
                false,
                TempDirs.create("roadmirror-api-it-state-"),
                Duration.ofSeconds(90));
    }
}
