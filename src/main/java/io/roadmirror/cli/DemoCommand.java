package io.roadmirror.cli;

import io.roadmirror.api.ServedPipeline;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.Durations;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.registry.Compatibility;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.EmbeddedStack;
import io.roadmirror.runtime.Lifecycle;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything on this machine: a real Kafka broker (KRaft) on localhost:9092, a real schema "
                + "registry (Apicurio, Confluent API) on localhost:8081, the topics, the schemas, the sample road network, "
                + "the pipeline, and the query API with the live map on http://localhost:8080.",
            "Stop it with Ctrl-C."})
final class DemoCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "<duration>", description = "Stop by itself after this long (e.g. 90s, 10m); default: run until Ctrl-C.")
    String duration;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.EMBEDDED, ConfigKey.Scope.KAFKA, ConfigKey.Scope.PIPELINE, ConfigKey.Scope.API);
    }

    @Override
    public Integer call() throws Exception {
        RoadmirrorConfig configured = ConfigOptions.load(spec);
        Duration runFor = duration == null ? null : Durations.parse(duration);
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Ports.requireFree(configured.api().port(), "query API", ConfigKeys.API_PORT.flag());
        try (Lifecycle lifecycle = new Lifecycle()) {
            out.println("Starting the Kafka broker and the schema registry...");
            out.flush();
            EmbeddedStack stack = lifecycle.own(EmbeddedStack.start(configured.embedded()));
            RoadmirrorConfig config = configured
                    .withKafka(configured.kafka().withBootstrapServers(stack.broker().bootstrapServers()).withReplicationFactor(1))
                    .withRegistry(configured.registry().withUrl(stack.registry().url()));

            SchemaRegistryClient registry = lifecycle.own(new HttpSchemaRegistryClient(config.registry()));
            registry.setGlobalCompatibility(Compatibility.BACKWARD);
            SchemaSetup.registerAll(registry);
            try (Admin admin = Admin.create(config.kafka().clientProperties())) {
                TopicSetup.ensureTopics(admin, config.kafka().topicPartitions(), config.kafka().topicReplicationFactor(),
                        Pipeline.topics(config.kafka()));
            }
            boolean autoRegister = config.registry().autoRegisterOr(true);
            Topics topics = new Topics(registry, autoRegister);
            RoadNetwork network = SampleCity.generate();
            int published = NetworkPublisher.publish(network, topics.roadNetwork, config.kafka().clientProperties());
            ServedPipeline served = lifecycle.own(ServedPipeline.start(config, registry, autoRegister, stack.workDir().resolve("state"),
                    Duration.ofMinutes(2)));

            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("%nroadmirror demo is up (%.1f s):%n", seconds);
            out.printf("  Kafka broker     localhost:%d   (KRaft; try: kafka-topics.sh --bootstrap-server localhost:%d --describe)%n",
                    stack.broker().port(), stack.broker().port());
            out.printf("  Schema registry  %s   (Confluent API; try: curl %s/subjects)%n",
                    stack.registry().url(), stack.registry().url());
            out.printf("  Topics           %d partitions each; road.network holds %d segments of the sample city%n",
                    config.kafka().topicPartitions(), published);
            out.printf("  Pipeline         %s, %s: mirror.segments, incident.hotspots, routing.advisories, deadletter.events%n",
                    config.kafka().applicationId(), config.pipeline().processingGuarantee());
            out.printf("  Live map         %s   (query API under %sapi/, live events %sapi/stream, Prometheus %smetrics)%n",
                    served.api().url(), served.api().url(), served.api().url(), served.api().url());
            out.printf("  Data             %s%n", stack.workDir());
            out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping by itself after " + Durations.format(runFor) + ".");
            out.flush();
            lifecycle.awaitStop(runFor);
        }
        out.println("Stopped.");
        return 0;
    }
}
