package io.roadmirror.cli;

import io.roadmirror.api.LiveStateView;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.Durations;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.DemoStack;
import io.roadmirror.embedded.EmbeddedStack;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.NetworkSource;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Lifecycle;
import io.roadmirror.runtime.PipelineRunner;
import io.roadmirror.sim.Fidelity;
import io.roadmirror.sim.SimulationRunner;
import io.roadmirror.streams.PipelineMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs everything on this machine: a real Kafka broker (KRaft) on localhost:9092, a real schema "
                    + "registry (Apicurio, Confluent API) on localhost:8081, the pipeline, a traffic simulator acting as "
                    + "the city's IoT gateways, and the query API with the live map on http://localhost:8080; shows what the "
                    + "mirror sees on a live status line.",
            "Stop it with Ctrl-C."
        })
final class DemoCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "<duration>",
            description = "Stop by itself after this long (e.g. 90s, 10m); default: run until Ctrl-C.")
    String duration;

    @Option(names = "--no-simulator", description = "Do not start the simulator: feed your own events to the topics.")
    boolean noSimulator;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description =
                    "At the end, judge the mirror against the simulator's ground truth and write the fidelity report (JSON) here; "
                            + "the table goes to the terminal.")
    Path report;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(
                ConfigKey.Scope.EMBEDDED,
                ConfigKey.Scope.KAFKA,
                ConfigKey.Scope.PIPELINE,
                ConfigKey.Scope.NETWORK,
                ConfigKey.Scope.SIMULATOR,
                ConfigKey.Scope.API);
    }

    @Override
    public Integer call() throws Exception {
        RoadmirrorConfig configured = acceleratedGrace(ConfigOptions.load(spec));
        Duration runFor = duration == null ? null : Durations.parse(duration);
        RoadNetwork network = NetworkSource.load(configured.networkFile());
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try (Lifecycle lifecycle = new Lifecycle()) {
            DemoStack demo = DemoStack.start(configured, network, !noSimulator, lifecycle, line -> {
                out.println(line);
                out.flush();
            });
            printStarted(out, demo, configured, (System.nanoTime() - started) / 1e9);
            out.println(
                    runFor == null
                            ? "Press Ctrl-C to stop."
                            : "Stopping by itself after " + Durations.format(runFor) + ".");
            out.println();
            out.flush();

            PipelineRunner pipeline = demo.served().pipeline();
            try (DemoStatus status = new DemoStatus(
                            out,
                            System.console() != null,
                            pipeline.streams(),
                            demo.served().metrics(),
                            demo.simulator(),
                            demo.config().kafka().clientProperties(),
                            demo.topics().routingAdvisories)
                    .start()) {
                lifecycle.awaitStop(runFor);
            }
            if (lifecycle.failure().isPresent()) {
                spec.commandLine()
                        .getErr()
                        .println("roadmirror: the pipeline stopped: "
                                + lifecycle.failure().get());
                spec.commandLine().getErr().flush();
                return RunCommand.FATAL_EXIT;
            }
            printSummary(
                    out,
                    MirrorSnapshot.of(pipeline.streams()),
                    network,
                    demo.served().metrics());
            if (report != null && demo.simulator() != null) {
                Fidelity.Report result = demo.judge(report);
                out.println();
                out.println("Fidelity against the simulator's ground truth (" + report + "):");
                out.print(result.table());
            }
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    private static void printStarted(PrintWriter out, DemoStack demo, RoadmirrorConfig configured, double seconds) {
        RoadmirrorConfig config = demo.config();
        EmbeddedStack stack = demo.stack();
        String api = demo.served().api().url();
        SimulationRunner simulator = demo.simulator();
        out.printf("%nroadmirror demo is up (%.1f s):%n", seconds);
        out.printf(
                "  Kafka broker     localhost:%d   (KRaft; try: kafka-topics.sh --bootstrap-server localhost:%d --describe)%n",
                stack.broker().port(), stack.broker().port());
        out.printf(
                "  Schema registry  %s   (Confluent API; try: curl %s/subjects)%n",
                stack.registry().url(), stack.registry().url());
        out.printf(
                "  Network          %d segments in road.network (%s)%n",
                demo.publishedSegments(),
                configured.networkFile().map(Path::toString).orElse("the bundled sample city"));
        out.printf(
                "  Pipeline         %s, %s, grace %s: mirror.segments, incident.hotspots, routing.advisories, deadletter.events%n",
                config.kafka().applicationId(),
                config.pipeline().processingGuarantee(),
                Durations.format(config.pipeline().mirror().grace()));
        out.printf(
                "  Live map         %s   (query API under %sapi/, live events %sapi/stream, Prometheus %smetrics)%n",
                api, api, api, api);
        out.printf(
                "  Simulator        %s%n",
                simulator == null
                        ? "off (--no-simulator): produce to sensor.readings, vehicle.positions, incident.reports"
                        : String.format(
                                Locale.ROOT,
                                "%d sensors, %d probe vehicles, %d gateways, %.0fx speed from %s",
                                simulator.model().sensorCount(),
                                config.simulator().probeVehicles(),
                                config.simulator().gateways(),
                                config.simulator().speedup(),
                                Instant.ofEpochMilli(simulator.model().now())));
        out.printf("  Logs and data    %s%n", stack.workDir());
    }

    /**
     * At 60x a half-second hiccup of one gateway is 30 simulated seconds: unless set explicitly, the
     * grace period for late readings is scaled to two wall-clock seconds of simulated time (never
     * below the default), so the demo's dead letters show the simulator's deliberately late
     * readings, not the machine's scheduling noise.
     */
    private RoadmirrorConfig acceleratedGrace(RoadmirrorConfig config) {
        boolean graceSet = ConfigOptions.sources(spec, System.getenv())
                .raw(ConfigKeys.MIRROR_GRACE.name())
                .isPresent();
        if (graceSet || noSimulator) {
            return config;
        }
        Duration scaled = Duration.ofMillis((long) (2_000 * config.simulator().speedup()));
        Duration grace = scaled.compareTo(config.pipeline().mirror().grace()) > 0
                ? scaled
                : config.pipeline().mirror().grace();
        return config.withPipeline(config.pipeline().withGrace(grace));
    }

    /** What the mirror knows at the end, for a person reading the terminal. */
    static void printSummary(PrintWriter out, MirrorSnapshot mirror, RoadNetwork network, PipelineMetrics metrics) {
        out.println();
        if (mirror == null) {
            out.println("The mirror's stores are not queryable right now (the pipeline is rebalancing or stopping).");
            return;
        }
        out.printf(
                Locale.ROOT,
                "What the mirror knows: %d segments — free flow %d, slow %d, congested %d, stopped %d, unknown %d%n",
                mirror.states().size(),
                mirror.count(CongestionLevel.FREE_FLOW),
                mirror.count(CongestionLevel.SLOW),
                mirror.count(CongestionLevel.CONGESTED),
                mirror.count(CongestionLevel.STOPPED),
                mirror.count(CongestionLevel.UNKNOWN));
        mirror.states().stream()
                .filter(s -> s.speedKph() != null && !s.congestion().equals(CongestionLevel.UNKNOWN.name()))
                .sorted(Comparator.comparingDouble(DemoCommand::delayRatio).reversed())
                .limit(5)
                .forEach(s -> out.printf(
                        Locale.ROOT,
                        "  slowest: %-52s %-10s %5.1f km/h, %4.0f s to cross (free flow %3.0f s)%n",
                        network.segment(s.segmentId())
                                .map(seg -> seg.name() + " [" + seg.id() + "]")
                                .orElse(s.segmentId()),
                        s.congestion(),
                        s.speedKph(),
                        s.travelTimeSeconds(),
                        s.freeFlowTravelTimeSeconds()));
        out.printf(
                "Open incidents: %d %s%n",
                mirror.openIncidents().size(), mirror.openIncidents().isEmpty() ? "" : mirror.openIncidents());
        out.printf(
                "Hotspots: %d %s%n",
                mirror.hotspots().size(),
                mirror.hotspots().stream()
                        .map(id -> network.segment(id).map(Segment::name).orElse(id))
                        .toList());
        out.printf("Advisories issued: %s%n", metrics.byTag("roadmirror.advisories"));
        out.printf("Dead letters: %s%n", metrics.byTag("roadmirror.deadletters"));
    }

    private static double delayRatio(LiveStateView s) {
        return s.travelTimeSeconds() / s.freeFlowTravelTimeSeconds();
    }
}
