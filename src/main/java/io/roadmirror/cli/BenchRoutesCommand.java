package io.roadmirror.cli;

import io.roadmirror.bench.RouteBench;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.Durations;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkTopicReader;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.RegistryHealth;
import io.roadmirror.topics.Topics;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench-routes",
        mixinStandardHelpOptions = true,
        description = {
            "Measures routes on request against a running instance (start `roadmirror demo` first): requests between "
                    + "random junctions at a fixed rate, open loop, on route.requests (answered on route.responses) and then on "
                    + "GET /api/route; prints the answer time percentiles (p50, p90, p99, max) and the statuses of each.",
            "The target is p99 <= 1 s at 100 requests/s on the sample city."
        })
final class BenchRoutesCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "N", description = "Requests per second. Default: 100.")
    int rate = 100;

    @Option(
            names = "--duration",
            paramLabel = "<duration>",
            description = "How long each of the two phases sends. Default: 60s.")
    String duration = "60s";

    @Option(
            names = "--alternatives",
            paramLabel = "N",
            description = "Alternatives asked for with each route (0-3). Default: 1.")
    int alternatives = 1;

    @Option(names = "--api", paramLabel = "URL", description = "The query API asked. Default: http://localhost:8080.")
    String api = "http://localhost:8080";

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random junction pairs. Default: 42.")
    long seed = 42;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA, ConfigKey.Scope.REGISTRY);
    }

    @Override
    public Integer call() throws Exception {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
            RegistryHealth.requireUsable(registry);
            Topics topics = new Topics(registry, config.registry().autoRegisterOr(false));
            RoadNetwork network = NetworkTopicReader.read(config.kafka().clientProperties(), topics.roadNetwork);
            RouteBench bench = new RouteBench(
                    network,
                    topics,
                    config.kafka().clientProperties(),
                    api,
                    rate,
                    Durations.parse(duration),
                    alternatives,
                    seed);
            out.printf(
                    Locale.ROOT,
                    "Routes between random junctions of %d segments, %d/s for %s on each path, %d alternative(s)%n",
                    network.size(),
                    rate,
                    duration,
                    alternatives);
            out.flush();
            RouteBench.Result topic = bench.viaTopics(out);
            RouteBench.Result http = bench.viaApi(out);
            out.println();
            out.println(topic.line());
            out.println(http.line());
            out.flush();
            return topic.unanswered() == 0 && http.unanswered() == 0 ? 0 : 1;
        }
    }
}
