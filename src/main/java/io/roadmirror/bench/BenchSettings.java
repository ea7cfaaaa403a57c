package io.roadmirror.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run measures and how big it is.
 *
 * @param baselineRecords   readings produced and consumed back for the raw broker baseline
 * @param drainRecords      input records (readings, positions, incidents in the simulator's mix) drained at full speed, after the warm-up
 * @param warmupRecords     records every measured pipeline (full speed and fixed rates) drains before it is measured, so
 *                          its JVM has compiled the hot paths (a cold one spends a core on the JIT compiler for a minute)
 * @param ladderSegments    size of the generated network the fixed rates run on (0: the sample city)
 * @param guarantees        processing guarantees of the full-speed drain, in order; the first one is used for the fixed rates
 * @param rates             fixed input rates (events/s) tried in order; the ladder goes on past the last one, by its step,
 *                          until the pipeline cannot keep up or {@code maxRate} is passed
 * @param maxRate           the ladder never goes beyond this rate
 * @param warmup            time at each rate before latencies count
 * @param step              time at each rate during which latencies count
 * @param partitions        partitions of every topic
 * @param memorySegments    size of the generated network of the memory phase (0: skip the phase)
 * @param memoryReportCycles 30 s report intervals the memory phase feeds (every sensor reports once per interval)
 * @param pipelineJvmOptions options of the pipeline's own JVM (its heap, GC)
 * @param pipelineFlags     flags passed on to {@code roadmirror run} (pipeline settings such as --commit-interval)
 * @param profile           record a JFR execution profile of the pipeline in every phase and list its hottest frames
 * @param outputDir         where bench.json, the plot and the pipeline's logs go
 * @param registryPort      port of the schema registry (0: a free one)
 */
public record BenchSettings(int baselineRecords, int drainRecords, int warmupRecords, int ladderSegments, List<String> guarantees,
                            List<Integer> rates, int maxRate,
                            Duration warmup, Duration step, int partitions, int memorySegments, int memoryReportCycles,
                            List<String> pipelineJvmOptions, List<String> pipelineFlags, boolean profile, Path outputDir,
                            int registryPort, long seed) {

    /** The 1k, 5k, 10k, 20k, with 2k and 3k between: on two shared cores the limit lies there. */
    public static final List<Integer> DEFAULT_RATES = List.of(1_000, 2_000, 3_000, 5_000, 10_000, 20_000);

    public BenchSettings {
        guarantees = List.copyOf(guarantees);
        rates = List.copyOf(rates);
        pipelineJvmOptions = List.copyOf(pipelineJvmOptions);
        pipelineFlags = List.copyOf(pipelineFlags);
        if (guarantees.isEmpty() || rates.isEmpty()) {
            throw new IllegalArgumentException("at least one guarantee and one rate");
        }
    }

    /** The default full run: about ten minutes on two cores. */
    public static BenchSettings defaults(Path outputDir) {
        return new BenchSettings(1_000_000, 300_000, 150_000, 40_000, List.of("exactly_once_v2", "at_least_once"), DEFAULT_RATES, 100_000,
                Duration.ofSeconds(5), Duration.ofSeconds(20), 6, 100_000, 4, List.of("-Xmx1g", "-XX:+UseG1GC"), List.of(),
                false, outputDir, 0, 42);
    }

    /** Rate after {@code rate} once the given rates are used up: the last step again. */
    int nextRate(int rate) {
        int index = rates.indexOf(rate);
        if (index >= 0 && index + 1 < rates.size()) {
            return rates.get(index + 1);
        }
        int last = rates.get(rates.size() - 1);
        int stepUp = rates.size() > 1 ? last - rates.get(rates.size() - 2) : last;
        return rate + Math.max(1, stepUp);
    }

    String ladderGuarantee() {
        return guarantees.get(0);
    }
}
