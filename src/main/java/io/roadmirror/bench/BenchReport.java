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
public record BenchReport(Machine machine, String startedAt, double minutes, Sizes sizes, BaselinePhase.Result baseline,
                   List<Drain> fullSpeed, Ladder fixedRates, MemoryPhase.Result memory, Targets targets) {

    /** @param loadAverageAtStart the 1-minute load average when the run began: how busy the shared machine was */
    record Machine(int cores, long memoryBytes, String java, String os, double loadAverageAtStart) {
        static Machine current() {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
            return new Machine(Runtime.getRuntime().availableProcessors(), memory, System.getProperty("java.vm.name") + " "
                    + Runtime.version(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    Math.round(os.getSystemLoadAverage() * 100) / 100.0);
        }
    }

    /** @param network the baseline's and the full-speed drains' network */
    record Sizes(int partitions, NetworkSize network, int markerRoads, List<String> pipelineJvmOptions, List<String> pipelineFlags) {
    }

    record NetworkSize(String name, int segments, int sensors, int vehicles) {
    }

    /** A full-speed drain and its rate as a share of the raw broker baseline. */
    record Drain(DrainPhase.Result result, double percentOfBaseline) {
    }

    /** @param network what the fixed rates ran on (a generated grid, so that event time runs near real time) */
    record Ladder(String guarantee, NetworkSize network, List<LatencyPhase.Step> steps, Integer highestSustainedRate, PipelineMemory memory,
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
