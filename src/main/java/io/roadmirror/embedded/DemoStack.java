package io.roadmirror.embedded;

import io.roadmirror.api.ServedPipeline;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.registry.Compatibility;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Lifecycle;
import io.roadmirror.runtime.Logs;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.sim.Fidelity;
import io.roadmirror.sim.FidelityCheck;
import io.roadmirror.sim.GatewayPublisher;
import io.roadmirror.sim.GroundTruthFile;
import io.roadmirror.sim.SimulationRunner;
import io.roadmirror.sim.SimulatorResume;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * Everything {@code roadmirror demo} runs on this machine, started in order: the broker and the
 * registry ({@link EmbeddedStack}), the contract's schemas and topics, the road network, the
 * pipeline with its query API and, unless it is off, the simulator as the city's gateways (a
 * restarted demo resumes the simulated day where it stopped). The given lifecycle owns all of it
 * and stops it in reverse order; the command only parses its options and prints.
 */
public final class DemoStack {
    private final EmbeddedStack stack;
    private final RoadmirrorConfig config;
    private final Topics topics;
    private final int publishedSegments;
    private final ServedPipeline served;
    private final SimulationRunner simulator;
    private final GroundTruthFile truth;

    private DemoStack(
            EmbeddedStack stack,
            RoadmirrorConfig config,
            Topics topics,
            int publishedSegments,
            ServedPipeline served,
            SimulationRunner simulator,
            GroundTruthFile truth) {
        this.stack = stack;
        this.config = config;
        this.topics = topics;
        this.publishedSegments = publishedSegments;
        this.served = served;
        this.simulator = simulator;
        this.truth = truth;
    }

    /**
     * Starts the demo; its log goes to {@code roadmirror.log} in the work directory from the moment that exists.
     *
     * @param configured the configuration, whose Kafka and registry addresses are replaced by the embedded ones
     * @param simulate   whether to run the simulator
     * @param progress   told what is starting, for a person waiting at the terminal
     */
    public static DemoStack start(
            RoadmirrorConfig configured,
            RoadNetwork network,
            boolean simulate,
            Lifecycle lifecycle,
            Consumer<String> progress) {
        Ports.requireFree(configured.api().port(), "query API", ConfigKeys.API_PORT.flag());
        progress.accept("Starting the Kafka broker and the schema registry...");
        EmbeddedStack stack = lifecycle.own(EmbeddedStack.start(configured.embedded()));
        Logs.toFile(stack.workDir().resolve("roadmirror.log"));
        RoadmirrorConfig config = configured
                .withKafka(configured
                        .kafka()
                        .withBootstrapServers(stack.broker().bootstrapServers())
                        .withReplicationFactor(1))
                .withRegistry(configured.registry().withUrl(stack.registry().url()));

        SchemaRegistryClient registry = lifecycle.own(new HttpSchemaRegistryClient(config.registry()));
        registry.setGlobalCompatibility(Compatibility.BACKWARD);
        SchemaSetup.registerAll(registry, stack.workDir().resolve("schema-ids.properties"));
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            TopicSetup.ensureTopics(
                    admin,
                    config.kafka().topicPartitions(),
                    config.kafka().topicReplicationFactor(),
                    Pipeline.topics(config.kafka()));
        }
        boolean autoRegister = config.registry().autoRegisterOr(true);
        Topics topics = new Topics(registry, autoRegister);
        int published = NetworkPublisher.publish(
                network, topics.roadNetwork, config.kafka().clientProperties());

        progress.accept("Starting the pipeline...");
        ServedPipeline served = lifecycle.own(ServedPipeline.start(
                config, registry, autoRegister, stack.workDir().resolve("state"), Duration.ofMinutes(2)));
        served.pipeline().onFatal(lifecycle::fail);
        if (!simulate) {
            return new DemoStack(stack, config, topics, published, served, null, null);
        }
        GroundTruthFile truth =
                lifecycle.own(new GroundTruthFile(stack.workDir().resolve("ground-truth.jsonl")));
        Instant start = SimulatorResume.start(
                stack.workDir().resolve("simulator.properties"),
                config.simulator().startOrDefault(Instant.now()));
        OptionalLong resumeAt = SimulatorResume.newestEventTime(config.kafka().clientProperties(), topics);
        TrafficModel model = new TrafficModel(network, config.simulator(), start, truth);
        if (resumeAt.isPresent()) {
            progress.accept("Resuming the simulated day where it stopped (" + Instant.ofEpochMilli(resumeAt.getAsLong())
                    + ")...");
            SimulatorResume.fastForward(model, resumeAt.getAsLong());
        }
        GatewayPublisher gateways =
                lifecycle.own(new GatewayPublisher(config.kafka().clientProperties(), topics));
        SimulationRunner simulator = lifecycle.own(
                new SimulationRunner(model, gateways, config.simulator().speedup(), System::currentTimeMillis).start());
        return new DemoStack(stack, config, topics, published, served, simulator, truth);
    }

    /**
     * Stops the simulator, lets the pipeline commit what it was given, and judges the mirror against
     * the simulator's ground truth; the report is also written as JSON to {@code reportFile}.
     */
    public Fidelity.Report judge(Path reportFile) throws InterruptedException {
        if (simulator == null) {
            throw new IllegalStateException("no simulator ran, so there is no ground truth to judge against");
        }
        simulator.close();
        truth.flush();
        Thread.sleep(config.pipeline().commitInterval().toMillis() * 20 + 2000); // let the last transactions commit
        Fidelity.Report result = FidelityCheck.run(truth.file(), config.kafka().clientProperties(), topics);
        FidelityCheck.writeJson(result, reportFile);
        return result;
    }

    public EmbeddedStack stack() {
        return stack;
    }

    /** The configuration the demo runs with: the embedded broker and registry in place of the configured ones. */
    public RoadmirrorConfig config() {
        return config;
    }

    public Topics topics() {
        return topics;
    }

    /** Segments published to road.network at start. */
    public int publishedSegments() {
        return publishedSegments;
    }

    public ServedPipeline served() {
        return served;
    }

    /** The running simulator, or null when it is off. */
    public SimulationRunner simulator() {
        return simulator;
    }
}
