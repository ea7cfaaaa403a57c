package io.roadmirror.bench;

import io.roadmirror.sim.SimulatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

/**
 * Memory at scale: a generated network (e.g. 100,000 segments) with its sensors and probe
 * vehicles; a few report intervals of input are preloaded and drained, so every sensor has
 * reported and every segment it watches has state. Then the pipeline process's peak RSS and heap,
 * and its state: the RocksDB files its stores left on disk (per store) and the bytes in their
 * changelog topics — each also per 1,000 segments and per 100,000 sensors.
 */
final class MemoryPhase {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    record Result(
            int segments,
            int sensors,
            int vehicles,
            long records,
            double drainSeconds,
            double recordsPerSecond,
            long stateBytes,
            Map<String, Long> stateBytesByStore,
            long changelogBytes,
            double stateBytesPer1000Segments,
            double stateBytesPer100kSensors,
            double changelogBytesPer1000Segments,
            double changelogBytesPer100kSensors,
            PipelineMemory memory) {}

    private MemoryPhase() {}

    static Result run(
            FreshCluster cluster,
            Workload workload,
            int segments,
            int vehicles,
            BenchSettings settings,
            Progress progress)
            throws Exception {
        String phase = "memory";
        long until = workload.now() + settings.memoryReportCycles() * SimulatorSettings.REPORT_INTERVAL.toMillis();
        Map<String, Long> input = Preload.write(cluster, workload, written -> workload.now() < until, progress, phase);
        long records = input.values().stream().mapToLong(Long::longValue).sum();
        try (Admin admin = cluster.admin()) {
            PipelineProcess pipeline = PipelineProcess.start(phase, cluster, settings.ladderGuarantee(), settings);
            double seconds;
            long rss;
            long live;
            try {
                pipeline.awaitRunning(START_TIMEOUT);
                long start = System.nanoTime();
                DrainPhase.awaitDrained(
                        phase, new GroupLag(admin, cluster.applicationId()), 0, records, start, pipeline, progress);
                seconds = (System.nanoTime() - start) / 1e9;
                rss = pipeline.peakRssBytes();
                live = pipeline.liveHeapBytes();
            } catch (Exception e) {
                pipeline.close();
                throw e;
            }
            JvmRecording.Summary recording = pipeline.stop(); // stopped: every store is flushed to disk
            Map<String, Long> byStore = storeSizes(cluster.stateDir());
            long state = byStore.values().stream().mapToLong(Long::longValue).sum();
            long changelogs = changelogBytes(admin);
            int sensors = workload.sensors();
            return new Result(
                    segments,
                    sensors,
                    vehicles,
                    records,
                    DrainPhase.round(seconds, 100),
                    Math.round(records / seconds),
                    state,
                    byStore,
                    changelogs,
                    per(state, segments, 1_000),
                    per(state, sensors, 100_000),
                    per(changelogs, segments, 1_000),
                    per(changelogs, sensors, 100_000),
                    PipelineMemory.of(rss, live, recording));
        }
    }

    private static double per(long bytes, int count, int unit) {
        return count == 0 ? 0 : Math.round((double) bytes * unit / count);
    }

    /** Bytes of each store's files under the state directory (…/&lt;task&gt;/rocksdb/&lt;store&gt;/…), summed over tasks. */
    static Map<String, Long> storeSizes(Path stateDir) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path relative = stateDir.relativize(file);
                String store = "(other)";
                for (int i = 0; i + 1 < relative.getNameCount(); i++) {
                    if (relative.getName(i).toString().equals("rocksdb")) {
                        store = relative.getName(i + 1).toString();
                        break;
                    }
                }
                try {
                    sizes.merge(store, Files.size(file), Long::sum);
                } catch (IOException e) {
                    // removed meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the state directory " + stateDir, e);
        }
        return sizes;
    }

    /** Bytes in the application's changelog topics on the broker. */
    private static long changelogBytes(Admin admin) throws Exception {
        var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(Node::id)
                .toList();
        long total = 0;
        for (var dirs : admin.describeLogDirs(brokers)
                .allDescriptions()
                .get(30, TimeUnit.SECONDS)
                .values()) {
            for (var dir : dirs.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().endsWith("-changelog")) {
                        total += replica.getValue().size();
                    }
                }
            }
        }
        return total;
    }
}
