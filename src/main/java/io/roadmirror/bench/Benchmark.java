package io.roadmirror.bench;

import io.roadmirror.embedded.EmbeddedSchemaRegistry;
import io.roadmirror.network.ExpresswayNetwork;
import io.roadmirror.network.GridNetwork;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.registry.Compatibility;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The whole benchmark, phase after phase, each on a fresh broker: raw broker baseline, the
 * pipeline at full speed under each guarantee, the pipeline at fixed rates, and memory at scale.
 * The schema registry (a real one, a child JVM) is shared; the pipeline always runs in its own
 * JVM. Writes bench.json, latency.svg and the pipeline's logs and recordings to the output
 * directory and returns the report.
 */
public final class Benchmark {
    static final int MARKER_ROADS = 12;
    static final int CITY_VEHICLES = 150;
    static final int MEMORY_VEHICLES = 200;
    static final int LADDER_VEHICLES = 300;

    private final BenchSettings settings;
    private final Progress progress;

    public Benchmark(BenchSettings settings, PrintWriter out, boolean terminal) {
        this.settings = settings;
        this.progress = new Progress(out, terminal);
    }

    public BenchReport run() throws Exception {
        long started = System.nanoTime();
        String startedAt = Instant.now().toString();
        BenchReport.Machine machine = BenchReport.Machine.current();
        Files.createDirectories(settings.outputDir());
        int registryPort = settings.registryPort() == 0 ? Ports.findFree() : settings.registryPort();
        progress.println("Starting the schema registry...");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                Optional.empty(),
                registryPort,
                settings.outputDir().toAbsolutePath().resolve("registry.log"))) {
            registerSchemas(registry.url());
            if (settings.connectedWorkload()) {
                return runConnected(registry.url(), machine, startedAt, started);
            }
            RoadNetwork city = SampleCity.generate();
            MarkerRoads roads = new MarkerRoads(MARKER_ROADS);
            RoadNetwork network = roads.addedTo(city);
            URI url = registry.url();

            BaselinePhase.Result baseline;
            int sensors;
            progress.println("1/4 Raw broker baseline...");
            try (FreshCluster cluster =
                    FreshCluster.start("baseline", url, settings.partitions(), settings.ladderGuarantee(), network)) {
                Workload workload = workload(city, CITY_VEHICLES, cluster);
                sensors = workload.sensors();
                baseline = BaselinePhase.run(cluster, workload, settings.baselineRecords(), progress);
            }
            progress.println(String.format("    %,.0f records/s", baseline.recordsPerSecond()));

            List<BenchReport.Drain> drains = new ArrayList<>();
            for (String guarantee : settings.guarantees()) {
                progress.println("2/4 Pipeline at full speed, " + guarantee + "...");
                try (FreshCluster cluster = FreshCluster.start(
                        "drain-" + shortName(guarantee), url, settings.partitions(), guarantee, network)) {
                    DrainPhase.Result result = DrainPhase.run(
                            PipelineProcess::start,
                            "drain-" + shortName(guarantee),
                            cluster,
                            workload(city, CITY_VEHICLES, cluster),
                            settings.drainRecords(),
                            guarantee,
                            settings,
                            progress);
                    double percent =
                            Math.round(1000.0 * result.recordsPerSecond() / baseline.recordsPerSecond()) / 10.0;
                    drains.add(new BenchReport.Drain(result, percent));
                    progress.println(String.format(
                            "    %,.0f records/s in %.1f s: %.1f %% of the baseline",
                            result.recordsPerSecond(), result.seconds(), percent));
                }
            }

            BenchReport.Ladder ladder = null;
            if (settings.runsLadder()) {
                progress.println("3/4 Pipeline at fixed rates, " + settings.ladderGuarantee() + "...");
                ladder = ladder(url, city, roads);
            } else {
                progress.println("3/4 Pipeline at fixed rates: not run (--no-ladder)");
            }

            MemoryPhase.Result memory = null;
            if (settings.memorySegments() > 0) {
                progress.println(String.format(
                        "4/4 Memory at scale, a generated network of about %,d segments...",
                        settings.memorySegments()));
                RoadNetwork grid = GridNetwork.withAbout(settings.memorySegments());
                try (FreshCluster cluster =
                        FreshCluster.start("memory", url, settings.partitions(), settings.ladderGuarantee(), grid)) {
                    memory = MemoryPhase.run(
                            cluster,
                            workload(grid, MEMORY_VEHICLES, cluster),
                            grid.size(),
                            MEMORY_VEHICLES,
                            settings,
                            progress);
                }
            }

            double minutes = Math.round((System.nanoTime() - started) / 6e9) / 10.0;
            BenchReport.Sizes sizes = new BenchReport.Sizes(
                    settings.partitions(),
                    new BenchReport.NetworkSize("sample city", city.size(), sensors, CITY_VEHICLES),
                    MARKER_ROADS,
                    settings.pipelineJvmOptions(),
                    settings.pipelineFlags());
            BenchReport report = new BenchReport(
                    machine,
                    startedAt,
                    minutes,
                    sizes,
                    baseline,
                    drains,
                    ladder,
                    memory,
                    targets(drains, ladder),
                    BenchSettings.CITY,
                    null);
            write(report);
            return report;
        }
    }

    /**
     * The connected-vehicle workload (issue 10): the raw broker baseline on its positions; the pipeline and the Streams floor
     * drained at full speed under each guarantee; the paced ladder with crash-detection latency; CPU per record by density.
     */
    private BenchReport runConnected(URI url, BenchReport.Machine machine, String startedAt, long started)
            throws Exception {
        BenchSettings.Connected c = settings.connected();
        RoadNetwork expressway = ExpresswayNetwork.of(c.miles());
        MarkerRoads roads = new MarkerRoads(MARKER_ROADS);
        BenchReport.NetworkSize size = new BenchReport.NetworkSize("expressway", expressway.size(), 0, c.vehicles());
        int phases = c.densities().isEmpty() ? 3 : 4;

        BaselinePhase.Result baseline;
        progress.println("1/" + phases + " Raw broker baseline (vehicle positions)...");
        try (FreshCluster cluster =
                FreshCluster.start("baseline", url, settings.partitions(), settings.ladderGuarantee(), expressway)) {
            baseline = BaselinePhase.run(cluster, connected(cluster), settings.baselineRecords(), progress);
        }
        progress.println(String.format("    %,.0f records/s", baseline.recordsPerSecond()));

        List<BenchReport.Drain> drains = new ArrayList<>();
        List<BenchReport.Drain> floors = new ArrayList<>();
        for (String guarantee : settings.guarantees()) {
            progress.println("2/" + phases + " Streams floor at full speed, " + guarantee + "...");
            DrainPhase.Result floor;
            try (FreshCluster cluster = FreshCluster.start(
                    "floor-" + shortName(guarantee), url, settings.partitions(), guarantee, expressway)) {
                floor = DrainPhase.run(
                        PipelineProcess::startStreamsFloor,
                        "floor-" + shortName(guarantee),
                        cluster,
                        connected(cluster),
                        settings.drainRecords(),
                        guarantee,
                        settings,
                        progress);
            }
            floors.add(new BenchReport.Drain(floor, percent(floor.recordsPerSecond(), baseline.recordsPerSecond())));
            progress.println(String.format(
                    "    %,.0f records/s in %.1f s, CPU %.0f ms per 1,000",
                    floor.recordsPerSecond(), floor.seconds(), floor.cpuMsPer1000()));
            progress.println("2/" + phases + " Pipeline at full speed, " + guarantee + "...");
            try (FreshCluster cluster = FreshCluster.start(
                    "drain-" + shortName(guarantee), url, settings.partitions(), guarantee, expressway)) {
                DrainPhase.Result result = DrainPhase.run(
                        PipelineProcess::start,
                        "drain-" + shortName(guarantee),
                        cluster,
                        connected(cluster),
                        settings.drainRecords(),
                        guarantee,
                        settings,
                        progress);
                double ofFloor = percent(result.recordsPerSecond(), floor.recordsPerSecond());
                drains.add(new BenchReport.Drain(
                        result, percent(result.recordsPerSecond(), baseline.recordsPerSecond()), ofFloor));
                progress.println(String.format(
                        "    %,.0f records/s in %.1f s: %.1f %% of the baseline, %.1f %% of the Streams floor",
                        result.recordsPerSecond(),
                        result.seconds(),
                        percent(result.recordsPerSecond(), baseline.recordsPerSecond()),
                        ofFloor));
            }
        }

        BenchReport.Ladder ladder = null;
        if (settings.runsLadder()) {
            progress.println("3/" + phases + " Pipeline at fixed rates, " + settings.ladderGuarantee()
                    + ", with crash detection...");
            try (FreshCluster cluster = FreshCluster.start(
                    "latency", url, settings.partitions(), settings.ladderGuarantee(), roads.addedTo(expressway))) {
                ladder = ladder(cluster, connected(cluster), roads, size);
            }
        } else {
            progress.println("3/" + phases + " Pipeline at fixed rates: not run (--no-ladder)");
        }

        DensityPhase.Result density = null;
        if (!c.densities().isEmpty()) {
            progress.println(String.format(
                    "4/4 CPU per record at %s vehicles per segment, %,d positions/s...",
                    c.densities(), c.densityRate()));
            try (FreshCluster cluster = FreshCluster.start(
                    "density", url, settings.partitions(), settings.ladderGuarantee(), DensityPhase.network(c))) {
                density = DensityPhase.run(cluster, settings, progress);
            }
        }

        double minutes = Math.round((System.nanoTime() - started) / 6e9) / 10.0;
        BenchReport.Sizes sizes = new BenchReport.Sizes(
                settings.partitions(), size, MARKER_ROADS, settings.pipelineJvmOptions(), settings.pipelineFlags());
        BenchReport.Connected connected = new BenchReport.Connected(
                size,
                c.crashEvery().toMillis() / 1000.0,
                c.crashStop().toMillis() / 1000.0,
                floors,
                density,
                BenchReport.ConnectedTargets.of(drains, ladder, density));
        BenchReport report = new BenchReport(
                machine,
                startedAt,
                minutes,
                sizes,
                baseline,
                drains,
                ladder,
                null,
                targets(drains, ladder),
                BenchSettings.CONNECTED,
                connected);
        write(report);
        return report;
    }

    private ConnectedWorkload connected(FreshCluster cluster) {
        return new ConnectedWorkload(settings.connected(), settings.seed(), cluster.topics());
    }

    private static double percent(double part, double whole) {
        return whole <= 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
    }

    /**
     * The fixed rates run on a generated grid big enough that event time runs near real time at the rates measured
     * (the sample city's 172 sensors would need a clock 500 times faster than real time for 5,000 events/s, and the
     * mirror's 3-minute horizon would then pass in a third of a second: every sample stale on arrival).
     */
    private BenchReport.Ladder ladder(URI url, RoadNetwork city, MarkerRoads roads) throws Exception {
        RoadNetwork ground = settings.ladderSegments() > 0 ? GridNetwork.withAbout(settings.ladderSegments()) : city;
        int vehicles = settings.ladderSegments() > 0 ? LADDER_VEHICLES : CITY_VEHICLES;
        try (FreshCluster cluster = FreshCluster.start(
                "latency", url, settings.partitions(), settings.ladderGuarantee(), roads.addedTo(ground))) {
            Workload workload = workload(ground, vehicles, cluster);
            BenchReport.NetworkSize size = new BenchReport.NetworkSize(
                    settings.ladderSegments() > 0 ? "generated grid" : "sample city",
                    ground.size(),
                    workload.sensors(),
                    vehicles);
            return ladder(cluster, workload, roads, size);
        }
    }

    private BenchReport.Ladder ladder(
            FreshCluster cluster, BenchWorkload workload, MarkerRoads roads, BenchReport.NetworkSize size)
            throws Exception {
        PipelineProcess pipeline =
                WarmStart.pipeline("latency", cluster, workload, settings.ladderGuarantee(), settings, progress);
        List<LatencyPhase.Step> steps;
        long rss;
        long live;
        try {
            steps = new LatencyPhase(cluster, workload, roads, settings, progress).run(pipeline);
            rss = pipeline.peakRssBytes();
            live = pipeline.liveHeapBytes();
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
        JvmRecording.Summary recording = pipeline.stop();
        Integer highest = steps.stream()
                .filter(LatencyPhase.Step::sustained)
                .map(LatencyPhase.Step::targetRate)
                .max(Integer::compare)
                .orElse(null);
        return new BenchReport.Ladder(
                settings.ladderGuarantee(), size, steps, highest, PipelineMemory.of(rss, live, recording), recording);
    }

    private Workload workload(RoadNetwork network, int vehicles, FreshCluster cluster) {
        return new Workload(network, vehicles, settings.seed(), cluster.topics());
    }

    private static void registerSchemas(URI url) {
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(
                List.of(url), Optional.empty(), 100, Duration.ofSeconds(10), defaultSsl())) {
            client.setGlobalCompatibility(Compatibility.BACKWARD);
            SchemaSetup.registerAll(client);
        }
    }

    private static javax.net.ssl.SSLContext defaultSsl() {
        try {
            return javax.net.ssl.SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static BenchReport.Targets targets(List<BenchReport.Drain> drains, BenchReport.Ladder ladder) {
        Double eos = drains.stream()
                .filter(d -> d.result().guarantee().equals("exactly_once_v2"))
                .map(BenchReport.Drain::percentOfBaseline)
                .findFirst()
                .orElse(null);
        Double p99 = ladder == null
                ? null
                : ladder.at(BenchReport.Targets.LATENCY_RATE)
                        .map(s -> s.mirror().p99Ms())
                        .orElse(null);
        return new BenchReport.Targets(
                eos,
                eos != null && eos >= BenchReport.Targets.THROUGHPUT_PERCENT,
                p99,
                p99 == null ? null : p99 <= BenchReport.Targets.P99_AT_10K_MS);
    }

    private void write(BenchReport report) throws IOException {
        report.writeJson(settings.outputDir().resolve("bench.json"));
        if (report.fixedRates() != null && !report.fixedRates().steps().isEmpty()) {
            String subtitle = String.format(
                    Locale.ROOT,
                    "%d cores, %s, %s; %s",
                    report.machine().cores(),
                    Units.bytes(report.machine().memoryBytes()),
                    "Java " + Runtime.version().feature(),
                    report.startedAt().substring(0, 10));
            Files.writeString(
                    settings.outputDir().resolve("latency.svg"), LatencyPlot.svg(report.fixedRates(), subtitle));
        }
    }

    /** The report as a table for the terminal. */
    public static String table(BenchReport report) {
        return ReportTable.render(report);
    }

    static String shortName(String guarantee) {
        return guarantee.equals("exactly_once_v2") ? "eos" : "alos";
    }
}
