package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.NetworkSource;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.RegistryHealth;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.topics.Topics;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "load-network",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the topics that are missing and writes the road network to road.network (compacted, keyed by segmentId).",
            "Default: the bundled sample city; --network loads a GeoJSON file or a PEMS-BAY directory. "
                    + "Run it once per network change; the pipeline picks changes up live."
        })
final class LoadNetworkCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA, ConfigKey.Scope.REGISTRY, ConfigKey.Scope.NETWORK);
    }

    @Override
    public Integer call() {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        RoadNetwork network = NetworkSource.load(config.networkFile());
        try (Admin admin = Admin.create(config.kafka().clientProperties());
                SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
            RegistryHealth.requireUsable(registry);
            TopicSetup.ensureTopics(
                    admin, config.kafka().topicPartitions(), config.kafka().topicReplicationFactor());
            Topics topics = new Topics(registry, config.registry().autoRegisterOr(false));
            int count = NetworkPublisher.publish(
                    network, topics.roadNetwork, config.kafka().clientProperties());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Wrote %d segments to road.network at %s%n",
                            count, config.kafka().bootstrapServers());
        }
        return 0;
    }
}
