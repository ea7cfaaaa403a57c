package io.roadmirror.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * The pipeline at full speed: the pipeline (its own JVM) starts {@link WarmStart warm}, then N input
 * records in the simulator's mix are written as fast as the broker takes them and it drains them
 * through every sub-topology. Rate: N over the time from the first of them being written to its
 * consumer group having committed everything, input and repartition topics alike (so every output
 * is written).
 */
final class DrainPhase {
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(15);

    /**
     * @param cpuMsPer1000 CPU time of the pipeline process per 1,000 input records while draining: the cost of a
     *                     record, which (unlike the rate) hardly depends on what else the shared machine does
     * @param outputs      records written to each output topic for these records (read_committed; the warm-up's not counted)
     * @param internal     records written to each of the application's own topics (changelogs, repartitions) for
     *                     these records, most first ({@link InternalWrites})
     */
    record Result(
            String guarantee,
            long records,
            Map<String, Long> inputByTopic,
            double seconds,
            double recordsPerSecond,
            double cpuMsPer1000,
            Map<String, Long> outputs,
            Map<String, Long> internal,
            PipelineMemory memory,
            JvmRecording.Summary profile) {}

    private DrainPhase() {}

    /** Drains {@code records} of the workload through what {@code launcher} starts (the pipeline, or the Streams floor). */
    static Result run(
            PipelineProcess.Launcher launcher,
            String phase,
            FreshCluster cluster,
            BenchWorkload workload,
            long records,
            String guarantee,
            BenchSettings settings,
            Progress progress)
            throws Exception {
        try (PipelineProcess pipeline =
                        WarmStart.start(launcher, phase, cluster, workload, guarantee, settings, progress);
                Admin admin = cluster.admin()) {
            GroupLag lag = new GroupLag(admin, cluster.applicationId());
            long warmedUp = lag.now().inputs();
            Map<String, Long> warmUpOutputs = OutputCounts.read(cluster.clientProperties());
            Map<String, Long> internalBefore = InternalWrites.endOffsets(admin, cluster.applicationId());
            long start = System.nanoTime();
            long cpuAtStart = pipeline.cpuMillis();
            Map<String, Long> input = Preload.write(cluster, workload, written -> written < records, progress, phase);
            awaitDrained(phase, lag, warmedUp, records, start, pipeline, progress);
            Map<String, Long> internal =
                    InternalWrites.between(internalBefore, InternalWrites.endOffsets(admin, cluster.applicationId()));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = cpuAtStart < 0 ? -1 : round((pipeline.cpuMillis() - cpuAtStart) * 1000.0 / records, 10);
            long rss = pipeline.peakRssBytes();
            long live = pipeline.liveHeapBytes();
            JvmRecording.Summary recording = pipeline.stop();
            Map<String, Long> outputs = new TreeMap<>(OutputCounts.read(cluster.clientProperties()));
            warmUpOutputs.forEach((topic, n) -> outputs.merge(topic, -n, Long::sum));
            return new Result(
                    guarantee,
                    records,
                    input,
                    round(seconds, 100),
                    Math.round(records / seconds),
                    cpu,
                    outputs,
                    internal,
                    PipelineMemory.of(rss, live, recording),
                    recording);
        }
    }

    /**
     * Waits until {@code records} input records more than {@code before} are processed and nothing is left behind on
     * the input and repartition topics.
     */
    static void awaitDrained(
            String phase,
            GroupLag lag,
            long before,
            long records,
            long start,
            PipelineProcess pipeline,
            Progress progress)
            throws InterruptedException {
        long deadline = start + DRAIN_TIMEOUT.toNanos();
        while (true) {
            GroupLag.Lag now = lag.now();
            double seconds = (System.nanoTime() - start) / 1e9;
            long processed = now.inputs() - before;
            if (processed >= records && now.behind() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(phase + ": the pipeline did not drain " + records + " records within "
                        + DRAIN_TIMEOUT + " (" + now + "); see " + pipeline.logFile());
            }
            progress.update(String.format(
                    "%s: %,d of %,d input records processed, %,.0f/s, %,d records behind, pipeline RSS %s",
                    phase,
                    processed,
                    records,
                    processed / Math.max(0.001, seconds),
                    now.behind(),
                    Units.bytes(pipeline.peakRssBytes())));
            Thread.sleep(100);
        }
    }

    static double round(double value, int perUnit) {
        return Math.round(value * perUnit) / (double) perUnit;
    }
}
