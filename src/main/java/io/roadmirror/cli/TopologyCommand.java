package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topics;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "topology",
        mixinStandardHelpOptions = true,
        description =
                "Prints the Kafka Streams topology of the pipeline (sub-topologies, named processors, stores, topics). Connects to nothing.")
final class TopologyCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA, ConfigKey.Scope.PIPELINE);
    }

    @Override
    public Integer call() {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        // Serdes reach the registry only when records flow; describing the topology needs none.
        Topics topics = new Topics(new HttpSchemaRegistryClient(config.registry()), false);
        spec.commandLine()
                .getOut()
                .println(Pipeline.topology(
                                config.pipeline(),
                                config.kafka(),
                                topics,
                                PipelineMetrics.inMemory(),
                                System::currentTimeMillis)
                        .describe());
        return 0;
    }
}
