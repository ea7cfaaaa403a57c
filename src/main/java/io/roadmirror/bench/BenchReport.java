package io.roadmirror.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything one benchmark run measured, as written to bench.json. */
public record BenchReport(
        Machine machine,
        String startedAt,
        double minutes,
        Sizes sizes,
        BaselinePhase.Result baseline,
        List<Drain> fullSpeed,
        Ladder fixedRates,
        MemoryPhase.Result memory,
        Targets targets,
        String workload,
        Connected connected) {

    /** @param loadAverageAtStart the 1-minute load average when the run began: how busy the shared machine was */
    record Machine(int cores, long memoryBytes, String java, String os, double loadAverageAtStart) {
        static Machine current() {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
            return new Machine(
                    Runtime.getRuntime().availableProcessors(),
                    memory,
                    System.getProperty("java.vm.name") + " " + Runtime.version(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    Math.round(os.getSystemLoadAverage() * 100) / 100.0);
        }
    }

    /** @param network the baseline's and the full-speed drains' network */
    record Sizes(
            int partitions,
            NetworkSize network,
            int markerRoads,
            List<String> pipelineJvmOptions,
            List<String> pipelineFlags) {}

    record NetworkSize(String name, int segments, int sensors, int vehicles) {}

    /** A full-speed drain and its rate as a share of the raw broker baseline (and, connected workload, of the Streams floor). */
    record Drain(DrainPhase.Result result, double percentOfBaseline, Double percentOfFloor) {
        Drain(DrainPhase.Result result, double percentOfBaseline) {
            this(result, percentOfBaseline, null);
        }
    }

    /**
     * What only the connected workload measures.
     *
     * @param crashEverySeconds event time between two crashes staged
     * @param floors            the Streams floor drained like the pipeline, per guarantee (percentOfBaseline of the raw broker)
     * @param density           CPU per record at each density (null: skipped)
     */
    record Connected(
            NetworkSize network,
            double crashEverySeconds,
            double crashStopSeconds,
            List<Drain> floors,
            DensityPhase.Result density,
            ConnectedTargets targets) {}

    /**
     * Issue 10's targets beside what was measured (null: not measured).
     *
     * @param sustainedAt20k     20,000 positions/s sustained on the ladder (producer held it, every marker seen, p99s within 5 s)
     * @param crashP99At20kMs    crash-detection p99 at 20,000 positions/s (target <= 5,000)
     * @param eosDrainRate       full-speed drain with exactly_once_v2, positions/s (target >= 30,000)
     * @param densityRatio       CPU per record at 2,000 vehicles/segment over that at 2 (target <= 1.5)
     * @param eosPercentOfFloor  exactly_once_v2 drain as a share of the Streams floor's (target >= 50)
     */
    record ConnectedTargets(
            Boolean sustainedAt20k,
            Double crashP99At20kMs,
            Boolean crashMet,
            Double eosDrainRate,
            Boolean drainMet,
            Double densityRatio,
            Boolean densityMet,
            Double eosPercentOfFloor,
            Boolean floorMet) {
        static final int RATE = 20_000;
        static final double CRASH_P99_MS = 5_000;
        static final double DRAIN_RATE = 30_000;
        static final double DENSITY_RATIO = 1.5;
        static final double FLOOR_PERCENT = 50;

        static ConnectedTargets of(List<Drain> drains, Ladder ladder, DensityPhase.Result density) {
            Optional<LatencyPhase.Step> at20k = ladder == null
                    ? Optional.empty()
                    : ladder.steps().stream()
                            .filter(s -> s.targetRate() == RATE)
                            .reduce((first, second) -> first.sustained() ? first : second);
            Boolean sustained = at20k.map(LatencyPhase.Step::sustained).orElse(null);
            Double crash = at20k.map(LatencyPhase.Step::crash)
                    .filter(p -> p != null && p.samples() > 0)
                    .map(LatencyPhase.Percentiles::p99Ms)
                    .orElse(null);
            Optional<Drain> eos = drains.stream()
                    .filter(d -> d.result().guarantee().equals("exactly_once_v2"))
                    .findFirst();
            Double rate = eos.map(d -> d.result().recordsPerSecond()).orElse(null);
            Double floor = eos.map(Drain::percentOfFloor).orElse(null);
            Double ratio = density == null ? null : density.ratio();
            return new ConnectedTargets(
                    sustained,
                    crash,
                    crash == null ? null : Boolean.valueOf(sustained && crash <= CRASH_P99_MS),
                    rate,
                    rate == null ? null : rate >= DRAIN_RATE,
                    ratio,
                    ratio == null ? null : ratio <= DENSITY_RATIO,
                    floor,
                    floor == null ? null : floor >= FLOOR_PERCENT);
        }
    }

    /** @param network what the fixed rates ran on (a generated grid, so that event time runs near real time) */
    record Ladder(
            String guarantee,
            NetworkSize network,
            List<LatencyPhase.Step> steps,
            Integer highestSustainedRate,
            PipelineMemory memory,
            JvmRecording.Summary profile) {
        /** The step at exactly this rate, if the ladder got there. */
        Optional<LatencyPhase.Step> at(int rate) {
            return steps.stream().filter(s -> s.targetRate() == rate).findFirst();
        }
    }

    /**
     * The targets beside what was measured.
     *
     * @param eosPercentOfBaseline  exactly_once_v2 drain rate as a share of the baseline (target >= 50)
     * @param p99At10kMs            mirror-update p99 at 10,000 events/s (target <= 500), null if not measured
     */
    record Targets(Double eosPercentOfBaseline, boolean throughputMet, Double p99At10kMs, Boolean latencyMet) {
        static final double THROUGHPUT_PERCENT = 50;
        static final double P99_AT_10K_MS = 500;
        static final int LATENCY_RATE = 10_000;
    }

    void writeJson(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
