package io.roadmirror.cli;

import io.roadmirror.bench.BenchSettings;
import io.roadmirror.bench.Benchmark;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.ConfigSources;
import io.roadmirror.config.Durations;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.runtime.Logs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the pipeline on this machine against the raw broker in the same run: the broker's own rate, the "
                    + "pipeline at full speed (exactly_once_v2, at_least_once), end-to-end latency at fixed rates, and memory at scale.",
            "Starts its own broker (a fresh one per phase) and schema registry on free ports, and runs the pipeline as "
                    + "`roadmirror run` in its own JVM. Writes bench.json, latency.svg and the pipeline's logs and JFR recordings to --output.",
            "A full run took 7-8 minutes on two shared cores (the rates stop when one is not sustained twice in a row); --quick 3.",
            "--workload connected measures issue 10's dense connected-vehicle input instead: 100,000 vehicles on a 100-mile expressway "
                    + "reporting every 30 s, with crashes; beside the raw broker, a minimal Kafka Streams application (the Streams floor), "
                    + "crash-detection latency on the fixed rates, and CPU per record at 2, 20, 200 and 2,000 vehicles per segment."
        })
final class BenchCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--quick",
            description = "Small sizes: 200,000 baseline readings, 50,000 records per drain, rates 1000 and 5000 "
                    + "for 10 s each on 10,000 segments, memory on 10,000 segments. Connected: 20,000 vehicles on 20 miles, rates 5000, 10000 "
                    + "and 20000 for 10 s each, densities with 4,000 vehicles at 2,000 positions/s for 10 s.")
    boolean quick;

    @Option(
            names = "--workload",
            paramLabel = "NAME",
            description = "city (the simulator's sensor mix on the sample city) or connected "
                    + "(vehicles reporting positions on an expressway, issue 10). Default: city.")
    String workload = BenchSettings.CITY;

    @Option(
            names = "--connected-vehicles",
            paramLabel = "N",
            description = "Connected workload: vehicles on the expressway. Default: 100,000.")
    Integer vehicles;

    @Option(
            names = "--expressway-miles",
            paramLabel = "N",
            description = "Connected workload: miles of the expressway (two segments " + "each). Default: 100.")
    Integer miles;

    @Option(
            names = "--crash-every",
            paramLabel = "<duration>",
            description = "Connected workload: event time between crashes. " + "Default: 10s.")
    String crashEvery;

    @Option(
            names = "--densities",
            split = ",",
            paramLabel = "N",
            description = "Connected workload: vehicles per segment at which CPU "
                    + "per record is measured; 0 skips the phase. Default: 2,20,200,2000.")
    List<Integer> densities;

    @Option(
            names = "--density-vehicles",
            paramLabel = "N",
            description = "Connected workload: vehicles of the CPU-per-density phase "
                    + "(a multiple of every density). Default: 20,000.")
    Integer densityVehicles;

    @Option(
            names = "--density-rate",
            paramLabel = "N",
            description = "Connected workload: positions/s fed at each density. " + "Default: 5000.")
    Integer densityRate;

    @Option(
            names = "--density-step",
            paramLabel = "<duration>",
            description = "Connected workload: measured time at each density. " + "Default: 30s.")
    String densityStep;

    @Option(
            names = "--baseline-records",
            paramLabel = "N",
            description = "Readings for the raw broker baseline. Default: 1,000,000.")
    Integer baselineRecords;

    @Option(
            names = "--records",
            paramLabel = "N",
            description = "Input records each full-speed drain measures (after the warm-up). Default: 300,000; with"
                    + " --workload connected, ten positions per vehicle (1,000,000), more than one horizon.")
    Integer records;

    @Option(
            names = "--warmup-records",
            paramLabel = "N",
            description = "Records each measured pipeline (full speed, fixed "
                    + "rates) drains before it is measured, so it is measured warm. Default: 150,000.")
    Integer warmupRecords;

    @Option(
            names = "--ladder-segments",
            paramLabel = "N",
            description = "Segments of the generated network the fixed rates run on, "
                    + "so that event time runs near real time; 0: the sample city. Default: 40,000.")
    Integer ladderSegments;

    @Option(
            names = "--guarantees",
            split = ",",
            paramLabel = "G",
            description = "Processing guarantees of the full-speed drain (the first one also runs the fixed rates). "
                    + "Default: the --processing-guarantee given, else exactly_once_v2,at_least_once. (--state-dir is not used: "
                    + "every phase has its own, removed afterwards.)")
    List<String> guarantees;

    @Option(
            names = "--rates",
            split = ",",
            paramLabel = "N",
            description = "Fixed input rates (events/s), in order; the ladder goes on "
                    + "by the last step until a rate is not sustained. Default: 1000,2000,3000,5000,10000,20000.")
    List<Integer> rates;

    @Option(
            names = "--no-ladder",
            description = "Skip the fixed rates: the drain (and the floor, the density and the memory phases) only, "
                    + "for comparing builds' drains. Not with --rates.")
    boolean noLadder;

    @Option(
            names = "--max-rate",
            paramLabel = "N",
            description = "The ladder stops here at the latest. Default: 100000.")
    Integer maxRate;

    @Option(names = "--step", paramLabel = "<duration>", description = "Measured time at each rate. Default: 20s.")
    String step;

    @Option(
            names = "--warmup",
            paramLabel = "<duration>",
            description = "Time at each rate before latencies count. Default: 5s.")
    String warmup;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of every topic. Default: 6.")
    Integer partitions;

    @Option(
            names = "--memory-segments",
            paramLabel = "N",
            description = "Segments of the generated network of the memory phase; " + "0 skips it. Default: 100,000.")
    Integer memorySegments;

    @Option(
            names = "--memory-report-cycles",
            paramLabel = "N",
            description = "30 s report intervals fed in the memory phase. Default: 4.")
    Integer memoryCycles;

    @Option(
            names = "--pipeline-jvm-options",
            paramLabel = "OPTS",
            description = "Options of the pipeline's JVM, space-separated. " + "Default: -Xmx1g -XX:+UseG1GC.")
    String pipelineJvmOptions;

    @Option(
            names = "--pipeline-flag",
            paramLabel = "FLAG",
            description = "A flag passed on to `roadmirror run`, e.g. "
                    + "--pipeline-flag=--commit-interval=50ms; repeatable.")
    List<String> pipelineFlags = new ArrayList<>();

    @Option(
            names = "--profile",
            description = "Record the pipeline with JFR's profile settings (denser stack samples); the hottest "
                    + "methods are in bench.json either way.")
    boolean profile;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the report goes. Default: target/bench.")
    Path output = Path.of("target", "bench");

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            description = "Port of the schema registry. Default: a free one.")
    int registryPort;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated city. Default: 42.")
    long seed = 42;

    /** The pipeline's settings, as for `run`: given to the bench, they are passed on to the pipeline it measures. */
    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.PIPELINE);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The embedded brokers' complaints belong in the log, not across the progress line.
        Logs.toFile(output.toAbsolutePath().resolve("bench.log"), "OFF");
        BenchSettings settings = settings();
        var report = new Benchmark(settings, out, System.console() != null).run();
        out.println();
        out.print(Benchmark.table(report));
        out.println();
        out.println("Written: " + output.resolve("bench.json") + ", " + output.resolve("latency.svg")
                + " (pipeline logs and JFR recordings beside them)");
        out.flush();
        return 0;
    }

    BenchSettings settings() {
        if (noLadder && rates != null) {
            throw new ParameterException(spec.commandLine(), "--no-ladder skips the fixed rates: leave out --rates");
        }
        BenchSettings d = BenchSettings.defaults(output);
        boolean q = quick;
        boolean connected = BenchSettings.CONNECTED.equals(workload);
        BenchSettings.Connected c = BenchSettings.Connected.DEFAULTS;
        BenchSettings.Connected sizes = new BenchSettings.Connected(
                or(vehicles, q ? 20_000 : c.vehicles()),
                or(miles, q ? 20 : c.miles()),
                crashEvery == null ? c.crashEvery() : Durations.parse(crashEvery),
                c.crashStop(),
                or(densityVehicles, q ? 4_000 : c.densityVehicles()),
                densities == null
                        ? c.densities()
                        : densities.stream().filter(x -> x != null && x > 0).toList(),
                or(densityRate, q ? 2_000 : c.densityRate()),
                densityStep == null ? (q ? Durations.parse("10s") : c.densityStep()) : Durations.parse(densityStep));
        List<Integer> defaultRates = connected
                ? (q ? List.of(5_000, 10_000, 20_000) : BenchSettings.CONNECTED_RATES)
                : (q ? List.of(1_000, 5_000) : d.rates());
        int fullDrain =
                connected ? sizes.vehicles() * BenchSettings.Connected.DRAIN_REPORTS_PER_VEHICLE : d.drainRecords();
        return new BenchSettings(
                or(baselineRecords, q ? 200_000 : d.baselineRecords()),
                or(records, q ? 50_000 : fullDrain),
                or(warmupRecords, q ? 50_000 : d.warmupRecords()),
                or(ladderSegments, q ? 10_000 : d.ladderSegments()),
                guarantees != null
                        ? guarantees
                        : configuredGuarantee().map(List::of).orElse(d.guarantees()),
                noLadder ? List.of() : rates == null ? defaultRates : rates,
                or(maxRate, q ? (connected ? 20_000 : 5_000) : d.maxRate()),
                warmup == null ? (q ? Durations.parse("3s") : d.warmup()) : Durations.parse(warmup),
                step == null ? (q ? Durations.parse("10s") : d.step()) : Durations.parse(step),
                or(partitions, d.partitions()),
                or(memorySegments, q ? 10_000 : d.memorySegments()),
                or(memoryCycles, d.memoryReportCycles()),
                pipelineJvmOptions == null
                        ? d.pipelineJvmOptions()
                        : Arrays.asList(pipelineJvmOptions.trim().split("\\s+")),
                pipelineFlags(),
                profile,
                output,
                registryPort,
                seed,
                workload,
                sizes);
    }

    /** --processing-guarantee (or its file/environment setting) without --guarantees: measure that one only. */
    private Optional<String> configuredGuarantee() {
        return ConfigOptions.sources(spec, System.getenv())
                .raw(ConfigKeys.PROCESSING_GUARANTEE.name())
                .map(ConfigSources.Value::text);
    }

    /**
     * Flags for `roadmirror run`: every pipeline setting given to the bench (by flag, file or environment; checked here
     * first), except the guarantee and the state directory, which each phase sets; then --pipeline-flag as given.
     */
    private List<String> pipelineFlags() {
        ConfigSources sources = ConfigOptions.sources(spec, System.getenv());
        RoadmirrorConfig.load(sources);
        List<String> flags = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.scopes().contains(ConfigKey.Scope.PIPELINE)
                    && key != ConfigKeys.PROCESSING_GUARANTEE
                    && key != ConfigKeys.STATE_DIR) {
                sources.raw(key.name()).ifPresent(value -> flags.add(key.flag() + "=" + value.text()));
            }
        }
        flags.addAll(pipelineFlags);
        return flags;
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
