package io.roadmirror.bench;

import io.roadmirror.network.ExpresswayNetwork;
import io.roadmirror.network.RoadNetwork;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * CPU per record against traffic density (issue 10: the cost of an update must not grow with the
 * traffic on the segment). The same number of vehicles at every density, so event time runs
 * equally fast and the input rate is the same, parked {@code d} to a segment ({@link DensityVehicles}):
 * 2 per segment on many segments, 2,000 per segment on a few. Per density, on one warm pipeline:
 * one horizon of input fills the segments (not measured), then {@code densityStep} at the fixed
 * rate is measured: the pipeline process's CPU time (/proc) from the step's start until it has
 * processed everything, per record sent.
 */
final class DensityPhase {
    /** Report cycles that fill the mirror's 3-minute horizon (6 x 30 s). */
    private static final int HORIZON_CYCLES = 6;

    /**
     * @param cpuMicrosPerRecord the pipeline's CPU time per position from the measured step's start to its last record processed
     * @param catchUpSeconds     time after the step's last send until the pipeline had processed everything
     */
    record Row(
            int density,
            int segments,
            int vehicles,
            long records,
            double achievedRate,
            double eventTimeSpeedup,
            double catchUpSeconds,
            double cpuMicrosPerRecord) {}

    /** @param ratio CPU per record at the highest density over that at the lowest (target: at most 1.5) */
    record Result(
            String guarantee,
            int rate,
            double stepSeconds,
            List<Row> rows,
            Double ratio,
            PipelineMemory memory,
            JvmRecording.Summary profile) {}

    private DensityPhase() {}

    /** The expressway every density gets its own miles of. */
    static RoadNetwork network(BenchSettings.Connected c) {
        int miles = c.densities().stream()
                .mapToInt(d -> DensityVehicles.miles(d, c.densityVehicles()))
                .sum();
        return ExpresswayNetwork.of(Math.max(1, miles));
    }

    static Double ratio(List<Row> rows) {
        if (rows.size() < 2) {
            return null;
        }
        Row low = rows.stream()
                .min((a, b) -> Integer.compare(a.density(), b.density()))
                .orElseThrow();
        Row high = rows.stream()
                .max((a, b) -> Integer.compare(a.density(), b.density()))
                .orElseThrow();
        return low.cpuMicrosPerRecord() <= 0
                ? null
                : DrainPhase.round(high.cpuMicrosPerRecord() / low.cpuMicrosPerRecord(), 100);
    }

    static Result run(FreshCluster cluster, BenchSettings settings, Progress progress) throws Exception {
        BenchSettings.Connected c = settings.connected();
        String guarantee = settings.ladderGuarantee();
        int rate = c.densityRate();
        int vehicles = c.densityVehicles();
        Instant start = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);
        List<Integer> firstMiles = new ArrayList<>();
        int mile = 0;
        for (int d : c.densities()) {
            firstMiles.add(mile);
            mile += DensityVehicles.miles(d, vehicles);
        }
        int middle = c.densities().size() / 2;
        BenchWorkload warmup = new DensityWorkload(
                new DensityVehicles(
                        firstMiles.get(middle),
                        c.densities().get(middle),
                        vehicles,
                        ConnectedWorkload.REPORT_EVERY,
                        start,
                        settings.seed()),
                start,
                cluster.topics());
        PipelineProcess pipeline = WarmStart.pipeline("density", cluster, warmup, guarantee, settings, progress);
        List<Row> rows = new ArrayList<>();
        long rss;
        long live;
        try (Admin admin = cluster.admin();
                KafkaProducer<String, byte[]> producer = BenchClients.producer(cluster.clientProperties())) {
            GroupLag lag = new GroupLag(admin, cluster.applicationId());
            long clock = warmup.now();
            for (int i = 0; i < c.densities().size(); i++) {
                int d = c.densities().get(i);
                Instant from = Instant.ofEpochMilli(clock + 1_000);
                DensityVehicles generator = new DensityVehicles(
                        firstMiles.get(i), d, vehicles, ConnectedWorkload.REPORT_EVERY, from, settings.seed() + d);
                DensityWorkload workload = new DensityWorkload(generator, from, cluster.topics());
                String what = String.format("cpu at %,d vehicles/segment", d);
                long before = lag.now().inputs();
                Pacer.Sent fill = Pacer.feed(
                        workload,
                        producer,
                        rate,
                        (long) HORIZON_CYCLES * vehicles,
                        Long.MAX_VALUE,
                        progress,
                        what + ", filling the horizon");
                DrainPhase.awaitDrained(
                        what + ", filling the horizon",
                        lag,
                        before,
                        fill.records(),
                        System.nanoTime(),
                        pipeline,
                        progress);
                before = lag.now().inputs();
                long simAtStart = workload.now();
                long cpuAtStart = pipeline.cpuMillis();
                Pacer.Sent step = Pacer.feed(
                        workload,
                        producer,
                        rate,
                        Long.MAX_VALUE,
                        c.densityStep().toNanos(),
                        progress,
                        what);
                long sentAt = System.nanoTime();
                DrainPhase.awaitDrained(what, lag, before, step.records(), sentAt, pipeline, progress);
                double catchUp = (System.nanoTime() - sentAt) / 1e9;
                double cpu = cpuAtStart < 0
                        ? -1
                        : DrainPhase.round((pipeline.cpuMillis() - cpuAtStart) * 1000.0 / step.records(), 10);
                double speedup = DrainPhase.round((workload.now() - simAtStart) / 1000.0 / step.seconds(), 10);
                Row row = new Row(
                        d,
                        generator.segments(),
                        vehicles,
                        step.records(),
                        Math.round(step.rate()),
                        speedup,
                        DrainPhase.round(catchUp, 10),
                        cpu);
                rows.add(row);
                progress.println(String.format(
                        "  %,6d vehicles/segment on %,d segments: %,.0f positions/s, CPU %.1f µs per position",
                        d, row.segments(), row.achievedRate(), cpu));
                clock = workload.now();
            }
            rss = pipeline.peakRssBytes();
            live = pipeline.liveHeapBytes();
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
        JvmRecording.Summary recording = pipeline.stop();
        return new Result(
                guarantee,
                rate,
                c.densityStep().toSeconds(),
                rows,
                ratio(rows),
                PipelineMemory.of(rss, live, recording),
                recording);
    }
}
