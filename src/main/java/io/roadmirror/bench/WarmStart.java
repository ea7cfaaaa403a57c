package io.roadmirror.bench;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts the pipeline and lets it drain {@link BenchSettings#warmupRecords()} records before anything
 * is measured: a cold JVM spends its first minute compiling, and on two cores the JIT compiler then
 * takes as much CPU as the stream threads. Production pipelines run warm; so are they measured.
 */
final class WarmStart {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private WarmStart() {}

    /** @return the running pipeline, its warm-up input drained (records written and processed count as input already seen) */
    static PipelineProcess pipeline(
            String phase,
            FreshCluster cluster,
            BenchWorkload workload,
            String guarantee,
            BenchSettings settings,
            Progress progress)
            throws Exception {
        return start(PipelineProcess::start, phase, cluster, workload, guarantee, settings, progress);
    }

    /** The same for what {@code launcher} starts (the pipeline, or the Streams floor). */
    static PipelineProcess start(
            PipelineProcess.Launcher launcher,
            String phase,
            FreshCluster cluster,
            BenchWorkload workload,
            String guarantee,
            BenchSettings settings,
            Progress progress)
            throws Exception {
        long records = settings.warmupRecords();
        String what = phase + " warm-up";
        Preload.write(cluster, workload, written -> written < records, progress, what);
        PipelineProcess pipeline = launcher.start(phase, cluster, guarantee, settings);
        try (Admin admin = cluster.admin()) {
            pipeline.awaitRunning(START_TIMEOUT);
            DrainPhase.awaitDrained(
                    what,
                    new GroupLag(admin, cluster.applicationId()),
                    0,
                    records,
                    System.nanoTime(),
                    pipeline,
                    progress);
            return pipeline;
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
    }
}
