package io.roadmirror.cli;

import io.roadmirror.api.ServedPipeline;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.Durations;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.NetworkSource;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.registry.Compatibility;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.EmbeddedStack;
import io.roadmirror.runtime.Lifecycle;
import io.roadmirror.runtime.Logs;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.runtime.PipelineRunner;
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
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything on this machine: a real Kafka broker (KRaft) on localhost:9092, a real schema "
                + "registry (Apicurio, Confluent API) on localhost:8081, the pipeline, a traffic simulator acting as "
                + "the city's IoT gateways, and the query API with the live map on http://localhost:8080; shows what the "
                + "mirror sees on a live status line.",
            "Stop it with Ctrl-C."})
final class DemoCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "<duration>", description = "Stop by itself after this long (e.g. 90s, 10m); default: run until Ctrl-C.")
    String duration;

    @Option(names = "--no-simulator", description = "Do not start the simulator: feed your own events to the topics.")
    boolean noSimulator;

    @Option(names = "--report", paramLabel = "FILE", description = "At the end, judge the mirror against the simulator's ground truth and write the fidelity report (JSON) here; the table goes to the terminal.")
    Path report;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.EMBEDDED, ConfigKey.Scope.KAFKA, ConfigKey.Scope.PIPELINE, ConfigKey.Scope.NETWORK,
                ConfigKey.Scope.SIMULATOR, ConfigKey.Scope.API);
    }

    @Override
    public Integer call() throws Exception {
        RoadmirrorConfig configured = acceleratedGrace(ConfigOptions.load(spec));
        Duration runFor = duration == null ? null : Durations.parse(duration);
        RoadNetwork network = NetworkSource.load(configured.networkFile());
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        long started = System.nanoTime();
        Ports.requireFree(configured.api().port(), "query API", ConfigKeys.API_PORT.flag());
        try (Lifecycle lifecycle = new Lifecycle()) {
            out.println("Starting the Kafka broker and the schema registry...");
            out.flush();
            EmbeddedStack stack = lifecycle.own(EmbeddedStack.start(configured.embedded()));
            Path log = stack.workDir().resolve("roadmirror.log");
            Logs.toFile(log);
            RoadmirrorConfig config = configured
                    .withKafka(configured.kafka().withBootstrapServers(stack.broker().bootstrapServers()).withReplicationFactor(1))
                    .withRegistry(configured.registry().withUrl(stack.registry().url()));

            SchemaRegistryClient registry = lifecycle.own(new HttpSchemaRegistryClient(config.registry()));
            registry.setGlobalCompatibility(Compatibility.BACKWARD);
            SchemaSetup.registerAll(registry, stack.workDir().resolve("schema-ids.properties"));
            try (Admin admin = Admin.create(config.kafka().clientProperties())) {
                TopicSetup.ensureTopics(admin, config.kafka().topicPartitions(), config.kafka().topicReplicationFactor(),
                        Pipeline.topics(config.kafka()));
            }
            boolean autoRegister = config.registry().autoRegisterOr(true);
            Topics topics = new Topics(registry, autoRegister);
            int published = NetworkPublisher.publish(network, topics.roadNetwork, config.kafka().clientProperties());
            out.println("Starting the pipeline...");
            out.flush();
            ServedPipeline served = lifecycle.own(ServedPipeline.start(config, registry, autoRegister, stack.workDir().resolve("state"),
                    Duration.ofMinutes(2)));
            PipelineRunner pipeline = served.pipeline();
            pipeline.onFatal(lifecycle::fail);
            PipelineMetrics metrics = served.metrics();

            SimulationRunner simulator = null;
            GroundTruthFile truth = null;
            if (!noSimulator) {
                truth = lifecycle.own(new GroundTruthFile(stack.workDir().resolve("ground-truth.jsonl")));
                Instant start = SimulatorResume.start(stack.workDir().resolve("simulator.properties"),
                        config.simulator().startOrDefault(Instant.now()));
                OptionalLong resumeAt = SimulatorResume.newestEventTime(config.kafka().clientProperties(), topics);
                TrafficModel model = new TrafficModel(network, config.simulator(), start,
                        resumeAt.isPresent() ? SimulatorResume.from(resumeAt.getAsLong(), truth) : truth);
                if (resumeAt.isPresent()) {
                    out.println("Resuming the simulated day where it stopped (" + Instant.ofEpochMilli(resumeAt.getAsLong()) + ")...");
                    out.flush();
                    SimulatorResume.fastForward(model, resumeAt.getAsLong());
                }
                GatewayPublisher gateways = lifecycle.own(new GatewayPublisher(config.kafka().clientProperties(), topics));
                simulator = lifecycle.own(new SimulationRunner(model, gateways, config.simulator().speedup(), System::currentTimeMillis).start());
            }

            out.printf("%nroadmirror demo is up (%.1f s):%n", (System.nanoTime() - started) / 1e9);
            out.printf("  Kafka broker     localhost:%d   (KRaft; try: kafka-topics.sh --bootstrap-server localhost:%d --describe)%n",
                    stack.broker().port(), stack.broker().port());
            out.printf("  Schema registry  %s   (Confluent API; try: curl %s/subjects)%n", stack.registry().url(), stack.registry().url());
            out.printf("  Network          %d segments in road.network (%s)%n", published,
                    configured.networkFile().map(Path::toString).orElse("the bundled sample city"));
            out.printf("  Pipeline         %s, %s, grace %s: mirror.segments, incident.hotspots, routing.advisories, deadletter.events%n",
                    config.kafka().applicationId(), config.pipeline().processingGuarantee(), Durations.format(config.pipeline().mirror().grace()));
            out.printf("  Live map         %s   (query API under %sapi/, live events %sapi/stream, Prometheus %smetrics)%n",
                    served.api().url(), served.api().url(), served.api().url(), served.api().url());
            out.printf("  Simulator        %s%n", simulator == null ? "off (--no-simulator): produce to sensor.readings, vehicle.positions, incident.reports"
                    : String.format(Locale.ROOT, "%d sensors, %d probe vehicles, %d gateways, %.0fx speed from %s",
                    simulator.model().sensorCount(), config.simulator().probeVehicles(), config.simulator().gateways(),
                    config.simulator().speedup(), Instant.ofEpochMilli(simulator.model().now())));
            out.printf("  Logs and data    %s%n", stack.workDir());
            out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping by itself after " + Durations.format(runFor) + ".");
            out.println();
            out.flush();

            try (DemoStatus status = new DemoStatus(out, terminal, pipeline.streams(), metrics, simulator,
                    config.kafka().clientProperties(), topics.routingAdvisories).start()) {
                lifecycle.awaitStop(runFor);
            }
            if (lifecycle.failure().isPresent()) {
                spec.commandLine().getErr().println("roadmirror: the pipeline stopped: " + lifecycle.failure().get());
                spec.commandLine().getErr().flush();
                return RunCommand.FATAL_EXIT;
            }
            printSummary(out, MirrorSnapshot.of(pipeline.streams()), network, metrics);
            if (report != null && simulator != null) {
                simulator.close();
                truth.flush();
                Thread.sleep(config.pipeline().commitInterval().toMillis() * 20 + 2000); // let the last transactions commit
                Fidelity.Report result = FidelityCheck.run(truth.file(), config.kafka().clientProperties(), topics);
                FidelityCheck.writeJson(result, report);
                out.println();
                out.println("Fidelity against the simulator's ground truth (" + report + "):");
                out.print(result.table());
            }
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /**
     * At 60x a half-second hiccup of one gateway is 30 simulated seconds: unless set explicitly, the
     * grace period for late readings is scaled to two wall-clock seconds of simulated time (never
     * below the default), so the demo's dead letters show the simulator's deliberately late
     * readings, not the machine's scheduling noise.
     */
    private RoadmirrorConfig acceleratedGrace(RoadmirrorConfig config) {
        boolean graceSet = ConfigOptions.sources(spec, System.getenv()).raw(ConfigKeys.MIRROR_GRACE.name()).isPresent();
        if (graceSet || noSimulator) {
            return config;
        }
        Duration scaled = Duration.ofMillis((long) (2_000 * config.simulator().speedup()));
        Duration grace = scaled.compareTo(config.pipeline().mirror().grace()) > 0 ? scaled : config.pipeline().mirror().grace();
        return config.withPipeline(config.pipeline().withGrace(grace));
    }

    /** What the mirror knows at the end, for a person reading the terminal. */
    static void printSummary(PrintWriter out, MirrorSnapshot mirror, RoadNetwork network, PipelineMetrics metrics) {
        out.println();
        if (mirror == null) {
            out.println("The mirror's stores are not queryable right now (the pipeline is rebalancing or stopping).");
            return;
        }
        out.printf(Locale.ROOT, "What the mirror knows: %d segments — free flow %d, slow %d, congested %d, stopped %d, unknown %d%n",
                mirror.states().size(), mirror.count(CongestionLevel.FREE_FLOW), mirror.count(CongestionLevel.SLOW),
                mirror.count(CongestionLevel.CONGESTED), mirror.count(CongestionLevel.STOPPED), mirror.count(CongestionLevel.UNKNOWN));
        mirror.states().stream()
                .filter(s -> s.getSpeedKph() != null && s.getCongestion() != CongestionLevel.UNKNOWN)
                .sorted(Comparator.comparingDouble(DemoCommand::delayRatio).reversed())
                .limit(5)
                .forEach(s -> out.printf(Locale.ROOT, "  slowest: %-52s %-10s %5.1f km/h, %4.0f s to cross (free flow %3.0f s)%n",
                        network.segment(s.getSegmentId()).map(seg -> seg.name() + " [" + seg.id() + "]").orElse(s.getSegmentId()), s.getCongestion(),
                        s.getSpeedKph(), s.getTravelTimeSeconds(), s.getFreeFlowTravelTimeSeconds()));
        out.printf("Open incidents: %d %s%n", mirror.openIncidents().size(), mirror.openIncidents().isEmpty() ? "" : mirror.openIncidents());
        out.printf("Hotspots: %d %s%n", mirror.hotspots().size(), mirror.hotspots().stream()
                .map(id -> network.segment(id).map(Segment::name).orElse(id)).toList());
        out.printf("Advisories issued: %s%n", metrics.byTag("roadmirror.advisories"));
        out.printf("Dead letters: %s%n", metrics.byTag("roadmirror.deadletters"));
    }

    private static double delayRatio(SegmentState s) {
        return s.getTravelTimeSeconds() / s.getFreeFlowTravelTimeSeconds();
    }
}
