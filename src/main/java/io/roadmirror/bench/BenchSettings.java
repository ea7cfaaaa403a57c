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
 *                          until the pipeline cannot keep up or {@code maxRate} is passed; none: no fixed-rate
 *                          phase (a drain-only comparison)
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
 * @param workload          {@code city} (the simulator's sensor mix, the default) or {@code connected} (issue 10's vehicles on an expressway)
 * @param connected         sizes of the connected workload (used when {@code workload} is {@code connected})
 */
public record BenchSettings(
        int baselineRecords,
        int drainRecords,
        int warmupRecords,
        int ladderSegments,
        List<String> guarantees,
        List<Integer> rates,
        int maxRate,
        Duration warmup,
        Duration step,
        int partitions,
        int memorySegments,
        int memoryReportCycles,
        List<String> pipelineJvmOptions,
        List<String> pipelineFlags,
        boolean profile,
        Path outputDir,
        int registryPort,
        long seed,
        String workload,
        Connected connected) {

    public static final String CITY = "city";
    public static final String CONNECTED = "connected";

    /** The 1k, 5k, 10k, 20k, with 2k and 3k between: on two shared cores the limit lies there. */
    public static final List<Integer> DEFAULT_RATES = List.of(1_000, 2_000, 3_000, 5_000, 10_000, 20_000);
    /**
     * Positions per second for the connected workload: issue 10's target is 20,000; below 5,000 its crashes (2 minutes of
     * event time from staging to completion) take longer than a step to complete.
     */
    public static final List<Integer> CONNECTED_RATES = List.of(5_000, 10_000, 15_000, 20_000, 25_000);

    public BenchSettings {
        guarantees = List.copyOf(guarantees);
        rates = List.copyOf(rates);
        pipelineJvmOptions = List.copyOf(pipelineJvmOptions);
        pipelineFlags = List.copyOf(pipelineFlags);
        if (guarantees.isEmpty()) {
            throw new IllegalArgumentException("at least one guarantee");
        }
        if (!workload.equals(CITY) && !workload.equals(CONNECTED)) {
            throw new IllegalArgumentException("the workload is city or connected, not " + workload);
        }
    }

    /** The sensor-mix city workload. */
    public BenchSettings(
            int baselineRecords,
            int drainRecords,
            int warmupRecords,
            int ladderSegments,
            List<String> guarantees,
            List<Integer> rates,
            int maxRate,
            Duration warmup,
            Duration step,
            int partitions,
            int memorySegments,
            int memoryReportCycles,
            List<String> pipelineJvmOptions,
            List<String> pipelineFlags,
            boolean profile,
            Path outputDir,
            int registryPort,
            long seed) {
        this(
                baselineRecords,
                drainRecords,
                warmupRecords,
                ladderSegments,
                guarantees,
                rates,
                maxRate,
                warmup,
                step,
                partitions,
                memorySegments,
                memoryReportCycles,
                pipelineJvmOptions,
                pipelineFlags,
                profile,
                outputDir,
                registryPort,
                seed,
                CITY,
                Connected.DEFAULTS);
    }

    /**
     * The connected-vehicle workload's sizes (issue 10).
     *
     * @param vehicles        vehicles on the expressway, each reporting every 30 s (10^5: 3,333 positions per second of event time)
     * @param miles           miles of the expressway (two directions: twice as many segments)
     * @param crashEvery      event time between two crashes staged
     * @param crashStop       how long the two vehicles of a crash stand still
     * @param densityVehicles vehicles of the CPU-per-density phase, the same at every density (so event time runs equally fast)
     * @param densities       vehicles per segment in the mirror's horizon the CPU phase measures (empty: skip it)
     * @param densityRate     positions per second fed at each density
     * @param densityStep     time fed at each density
     */
    public record Connected(
            int vehicles,
            int miles,
            Duration crashEvery,
            Duration crashStop,
            int densityVehicles,
            List<Integer> densities,
            int densityRate,
            Duration densityStep) {
        public static final List<Integer> DEFAULT_DENSITIES = List.of(2, 20, 200, 2_000);
        /**
         * Positions per vehicle a full-speed drain holds by default: ten reports, 5 minutes of event time, more than the
         * mirror's 3-minute horizon. A shorter drain (the city's 300,000 is three reports of 10^5 vehicles, 90 s) measures
         * first sightings only: no sample expires, no vehicle's track is read back, and the rate depends on the length.
         */
        public static final int DRAIN_REPORTS_PER_VEHICLE = 10;

        public static final Connected DEFAULTS = new Connected(
                100_000,
                100,
                Duration.ofSeconds(10),
                Duration.ofMinutes(4),
                20_000,
                DEFAULT_DENSITIES,
                5_000,
                Duration.ofSeconds(30));

        public Connected {
            densities = List.copyOf(densities);
            for (int d : densities) {
                if (d < 1 || densityVehicles % d != 0) {
                    throw new IllegalArgumentException(
                            "the density phase's " + densityVehicles + " vehicles must fill whole segments of " + d);
                }
            }
        }
    }

    /** The default full run: about ten minutes on two cores. */
    public static BenchSettings defaults(Path outputDir) {
        return new BenchSettings(
                1_000_000,
                300_000,
                150_000,
                40_000,
                List.of("exactly_once_v2", "at_least_once"),
                DEFAULT_RATES,
                100_000,
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                6,
                100_000,
                4,
                List.of("-Xmx1g", "-XX:+UseG1GC"),
                List.of(),
                false,
                outputDir,
                0,
                42);
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

    boolean connectedWorkload() {
        return workload.equals(CONNECTED);
    }

    /** Whether the fixed-rate phase runs. */
    boolean runsLadder() {
        return !rates.isEmpty();
    }

    String ladderGuarantee() {
        return guarantees.get(0);
    }
}
