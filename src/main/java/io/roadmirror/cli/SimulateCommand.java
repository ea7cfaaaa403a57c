package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.Durations;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkSource;
import io.roadmirror.network.NetworkTopicReader;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Lifecycle;
import io.roadmirror.runtime.RegistryHealth;
import io.roadmirror.sim.GatewayPublisher;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.GroundTruthFile;
import io.roadmirror.sim.SimulationRunner;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Plays the IoT gateways of a city: loop detectors every 30 s, probe vehicles, incidents with their reports "
                    + "and clearances, crashes of really stopped vehicles. Writes to sensor.readings, vehicle.positions and incident.reports.",
            "The network is the one in road.network (or --network). Stop with Ctrl-C."
        })
final class SimulateCommand implements Callable<Integer>, ConfiguredCommand {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "<duration>",
            description = "Stop after this long (wall clock); default: until Ctrl-C.")
    String duration;

    @Option(
            names = "--ground-truth",
            paramLabel = "FILE",
            description =
                    "Write what really happened (true speeds per minute, true incidents) here, for `roadmirror fidelity`.")
    Path groundTruth;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(
                ConfigKey.Scope.KAFKA, ConfigKey.Scope.REGISTRY, ConfigKey.Scope.SIMULATOR, ConfigKey.Scope.NETWORK);
    }

    @Override
    public Integer call() throws Exception {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (Lifecycle lifecycle = new Lifecycle()) {
            SchemaRegistryClient registry = lifecycle.own(new HttpSchemaRegistryClient(config.registry()));
            RegistryHealth.requireUsable(registry);
            Topics topics = new Topics(registry, config.registry().autoRegisterOr(false));
            RoadNetwork network = config.networkFile().isPresent()
                    ? NetworkSource.load(config.networkFile())
                    : NetworkTopicReader.read(config.kafka().clientProperties(), topics.roadNetwork);
            GroundTruth truth =
                    groundTruth == null ? GroundTruth.NONE : lifecycle.own(new GroundTruthFile(groundTruth));
            TrafficModel model = new TrafficModel(
                    network, config.simulator(), config.simulator().startOrDefault(Instant.now()), truth);
            GatewayPublisher gateways =
                    lifecycle.own(new GatewayPublisher(config.kafka().clientProperties(), topics));
            SimulationRunner runner = lifecycle.own(
                    new SimulationRunner(model, gateways, config.simulator().speedup(), System::currentTimeMillis)
                            .start());
            out.printf(
                    Locale.ROOT,
                    "Simulating %d segments: %d sensors, %d probe vehicles, %d gateways, %.0fx from %s%n",
                    network.size(),
                    model.sensorCount(),
                    config.simulator().probeVehicles(),
                    config.simulator().gateways(),
                    config.simulator().speedup(),
                    CLOCK.format(Instant.ofEpochMilli(model.now())));
            out.flush();
            Duration limit = duration == null ? null : Durations.parse(duration);
            long end = limit == null ? Long.MAX_VALUE : System.currentTimeMillis() + limit.toMillis();
            while (!lifecycle.isStopRequested() && System.currentTimeMillis() < end) {
                lifecycle.awaitStop(Duration.ofSeconds(
                        Math.min(10, Math.max(1, (end - System.currentTimeMillis()) / 1000))));
                out.printf(
                        Locale.ROOT,
                        "sim %s | generated %,d | sent %,d | failed %,d%n",
                        CLOCK.format(Instant.ofEpochMilli(runner.simulatedTime())),
                        runner.generated(),
                        gateways.sent(),
                        gateways.failed());
                out.flush();
            }
        }
        return 0;
    }
}
