package io.roadmirror.bench;

import io.roadmirror.model.SensorReading;
import io.roadmirror.topics.TopicCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The pipeline at fixed input rates: the simulator's records (the city's mix) paced at each rate,
 * with a marker reading on a {@link MarkerRoads marker road} every so often, whose mirror update
 * and advisory a read_committed subscriber times ({@link LatencyProbe}). After each rate the
 * input stops until every marker has been seen and the pipeline has no backlog, so rates do not
 * disturb each other. The ladder climbs past the given rates until a rate is not sustained twice
 * in a row: the producer could not send at that rate, a marker was not seen in time, or p99
 * reached one second. A rate that missed once is run again, and both runs are reported.
 */
final class LatencyPhase {
    static final Duration P99_LIMIT = Duration.ofSeconds(1);
    /** Linear Road's deadline for a detected accident, the connected workload's limit on both its latencies. */
    static final Duration CONNECTED_P99_LIMIT = Duration.ofSeconds(5);
    /** Share of the input that is marker readings, and its floor in markers per second. */
    private static final double MARKER_SHARE = 0.02;

    private static final double MIN_MARKERS_PER_SECOND = 20;

    record Percentiles(long samples, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {
        static Percentiles of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0, 0);
            }
            return new Percentiles(
                    h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getMaxValue()),
                    Math.round(h.getMean() / 100.0) / 10.0);
        }

        private static double ms(long micros) {
            return Math.round(micros / 100.0) / 10.0;
        }
    }

    /**
     * @param sent      records sent at this rate (warm-up included), markers included
     * @param markers   marker readings sent (warm-up included)
     * @param measured  marker readings sent after the warm-up: each should give one mirror sample and one advisory sample
     * @param unmatched marker readings whose mirror update or advisory was not seen within the wait
     * @param cpuMsPer1000 CPU time of the pipeline process per 1,000 events sent at this rate (the wait for stragglers included)
     * @param eventTimeSpeedup how much faster than real time the simulated city's clock ran to produce this rate
     * @param crash     connected workload: from the send of the report that completes a crash to its DETECTED incident (null otherwise)
     * @param crashesCompleted  crashes completed after the warm-up (their completing report sent)
     * @param crashesDetected   of those, detected within the wait
     * @param crashesUnexpected DETECTED incidents that matched no crash waiting on their segment
     */
    record Step(
            int targetRate,
            double achievedRate,
            long sent,
            long markers,
            long measured,
            Percentiles mirror,
            Percentiles advisory,
            long unmatched,
            double cpuMsPer1000,
            double eventTimeSpeedup,
            double backlogSecondsAfter,
            boolean sustained,
            String verdict,
            Percentiles crash,
            long crashesCompleted,
            long crashesDetected,
            long crashesUnexpected) {}

    private final FreshCluster cluster;
    private final BenchWorkload workload;
    private final MarkerRoads roads;
    private final BenchSettings settings;
    private final Progress progress;
    private final Serializer<SensorReading> readings;
    private final Map<String, Long> lastMarkerTime = new HashMap<>();
    private final Map<String, Boolean> congestedNext = new HashMap<>();
    private final boolean crashes;
    private final Duration p99Limit;
    private int markerIndex;

    LatencyPhase(
            FreshCluster cluster,
            BenchWorkload workload,
            MarkerRoads roads,
            BenchSettings settings,
            Progress progress) {
        this.cluster = cluster;
        this.workload = workload;
        this.roads = roads;
        this.settings = settings;
        this.progress = progress;
        this.readings = cluster.topics().sensorReadings.valueSerde().serializer();
        this.crashes = settings.connectedWorkload();
        this.p99Limit = crashes ? CONNECTED_P99_LIMIT : P99_LIMIT;
    }

    /** Runs the ladder against a running pipeline. */
    List<Step> run(PipelineProcess pipeline) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = BenchClients.producer(cluster.clientProperties());
                LatencyProbe probe =
                        new LatencyProbe(cluster.clientProperties(), cluster.registry(), roads.markedSegments());
                CrashProbe crashProbe =
                        crashes ? new CrashProbe(cluster.clientProperties(), cluster.registry()) : null;
                Admin admin = cluster.admin()) {
            GroupLag lag = new GroupLag(admin, cluster.applicationId());
            int rate = settings.rates().get(0);
            boolean retry = false;
            while (true) {
                Step step = runStep(rate, producer, probe, crashProbe, lag, pipeline);
                steps.add(step);
                progress.println(String.format("  %,7d events/s: %s", rate, step.verdict()));
                if (!step.sustained() && !retry) {
                    // On a shared machine one step can miss by a stray tail; a rate fails when it misses twice in a
                    // row.
                    retry = true;
                    continue;
                }
                retry = false;
                int next = settings.nextRate(rate);
                if (!step.sustained() || next > settings.maxRate()) {
                    break;
                }
                rate = next;
            }
        }
        return steps;
    }

    private Step runStep(
            int rate,
            KafkaProducer<String, byte[]> producer,
            LatencyProbe probe,
            CrashProbe crashProbe,
            GroupLag lag,
            PipelineProcess pipeline)
            throws InterruptedException {
        long warmupNanos = settings.warmup().toNanos();
        long totalNanos = warmupNanos + settings.step().toNanos();
        int markerEvery = (int) Math.max(1, Math.round(1 / Math.max(MARKER_SHARE, MIN_MARKERS_PER_SECOND / rate)));
        workload.skipPause(); // the wait since the warm-up or the last rate: the city's clock did not stop
        long start = System.nanoTime();
        long cpuAtStart = pipeline.cpuMillis();
        long simAtStart = workload.now();
        long sent = 0;
        long markers = 0;
        long measured = 0;
        long lastProgress = 0;
        long now = start;
        while (now - start < totalNanos) {
            long due = (long) ((now - start) / 1e9 * rate);
            while (sent < due) {
                String road = sent % markerEvery == 0 ? dueMarkerRoad(probe) : null;
                if (road != null) {
                    boolean counted = now - start >= warmupNanos;
                    sendMarker(producer, probe, road, counted);
                    markers++;
                    measured += counted ? 1 : 0;
                } else {
                    ProducerRecord<String, byte[]> record = workload.next();
                    BenchWorkload.CrashMark crash = workload.completedCrash();
                    if (crash != null && crashProbe != null) {
                        crashProbe.sent(crash, now - start >= warmupNanos);
                    }
                    producer.send(record);
                }
                sent++;
            }
            if (now - lastProgress > 250_000_000L) {
                lastProgress = now;
                progress.update(String.format(
                        "latency at %,d events/s: %4.1f s, sent %,d (%,.0f/s), markers awaiting %,d%s, pipeline RSS %s",
                        rate,
                        (now - start) / 1e9,
                        sent,
                        sent / Math.max(1e-9, (now - start) / 1e9),
                        probe.outstanding(),
                        crashProbe == null
                                ? ""
                                : String.format(", crashes awaiting detection %,d", crashProbe.outstanding()),
                        Units.bytes(pipeline.peakRssBytes())));
            }
            LockSupport.parkNanos(200_000); // pacing: the next records are due in a fraction of a millisecond
            now = System.nanoTime();
        }
        producer.flush();
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double achieved = sent / wallSeconds;
        double speedup = DrainPhase.round((workload.now() - simAtStart) / 1000.0 / wallSeconds, 10);
        long backlog = lag.now().behind();
        Duration wait =
                settings.step().compareTo(Duration.ofSeconds(15)) > 0 ? settings.step() : Duration.ofSeconds(15);
        long waitStart = System.nanoTime();
        boolean allSeen = probe.awaitAllSeen(wait);
        long unseenAtDeadline =
                probe.outstanding(); // some may still arrive while the backlog drains: they count as seen late
        boolean allDetected = crashProbe == null
                || crashProbe.awaitAllSeen(
                        wait.minusNanos(System.nanoTime() - waitStart).plusSeconds(1));
        awaitNoBacklog(lag, wait);
        LatencyProbe.Samples samples = probe.takeSamples();
        CrashMatcher.Samples crashSamples = crashProbe == null ? null : crashProbe.take();
        Percentiles crash = crashSamples == null ? null : Percentiles.of(crashSamples.latency());
        double cpu = cpuAtStart < 0
                ? -1
                : DrainPhase.round((pipeline.cpuMillis() - cpuAtStart) * 1000.0 / Math.max(1, sent), 10);
        Percentiles mirror = Percentiles.of(samples.mirror());
        Percentiles advisory = Percentiles.of(samples.advisory());
        boolean rateHeld = achieved >= 0.95 * rate;
        boolean fastEnough = mirror.samples() > 0 && mirror.p99Ms() < p99Limit.toMillis();
        boolean crashesFast = crash == null || crash.samples() == 0 || crash.p99Ms() <= p99Limit.toMillis();
        String crashNote = crashSamples == null
                ? ""
                : String.format(
                        "; crashes detected %,d of %,d%s, p50 %.0f / p95 %.0f / p99 %.0f ms",
                        crashSamples.detected(),
                        crashSamples.completed(),
                        crashSamples.unexpected() == 0
                                ? ""
                                : String.format(" (+%,d detections matching no crash)", crashSamples.unexpected()),
                        crash.p50Ms(),
                        crash.p95Ms(),
                        crash.p99Ms());
        String verdict = !rateHeld
                ? String.format("NOT SUSTAINED: the producer reached only %,.0f events/s", achieved)
                : !allSeen
                        ? String.format(
                                "NOT SUSTAINED: %,d marker effects not seen within %d s",
                                unseenAtDeadline, wait.toSeconds())
                        : !fastEnough
                                ? String.format(
                                        "NOT SUSTAINED: p99 %.0f ms >= %d ms", mirror.p99Ms(), p99Limit.toMillis())
                                : !crashesFast
                                        ? String.format(
                                                "NOT SUSTAINED: crash-detection p99 %.0f ms > %d ms",
                                                crash.p99Ms(), p99Limit.toMillis())
                                        : String.format(
                                                "mirror p50 %.0f / p95 %.0f / p99 %.0f / max %.0f ms; advisory p99 %.0f ms (%,d + %,d samples)",
                                                mirror.p50Ms(),
                                                mirror.p95Ms(),
                                                mirror.p99Ms(),
                                                mirror.maxMs(),
                                                advisory.p99Ms(),
                                                mirror.samples(),
                                                advisory.samples());
        if (!allDetected && crashSamples != null) {
            crashNote += String.format(" (%,d not detected within %d s)", crashSamples.missed(), wait.toSeconds());
        }
        return new Step(
                rate,
                Math.round(achieved),
                sent,
                markers,
                measured,
                mirror,
                advisory,
                samples.unmatched(),
                cpu,
                speedup,
                Math.round(10.0 * backlog / rate) / 10.0,
                rateHeld && allSeen && fastEnough && crashesFast,
                verdict + crashNote,
                crash,
                crashSamples == null ? 0 : crashSamples.completed(),
                crashSamples == null ? 0 : crashSamples.detected(),
                crashSamples == null ? 0 : crashSamples.unexpected());
    }

    /**
     * The next marker road (round robin) that may have its next reading, or null: its event time (a second after the
     * road's last) must not be ahead of the workload's clock, and the road's last reading must have been seen in the
     * mirror and its advisory. The mirror evaluates in event time, behind the watermark of all its inputs; a marker
     * ahead of the clock waits there for the rest of the input, and markers sent faster than the clock runs would pile up
     * ever further ahead and measure the pile, not the pipeline. And two readings of one sensor that reach one evaluation
     * show as the newer alone (as a subscriber should see them), which would leave the older one's effects unmatched.
     */
    private String dueMarkerRoad(LatencyProbe probe) {
        List<String> marked = roads.markedSegments();
        for (int i = 0; i < marked.size(); i++) {
            String road = marked.get(markerIndex % marked.size());
            markerIndex++;
            Long last = lastMarkerTime.get(road);
            if ((last == null || last + 1_000 <= workload.now()) && !probe.awaits(road)) {
                return road;
            }
        }
        return null;
    }

    private void sendMarker(KafkaProducer<String, byte[]> producer, LatencyProbe probe, String road, boolean counted) {
        boolean congested =
                congestedNext.merge(road, true, (was, x) -> !was); // each road: congested, free, congested, ...
        // Event times on a road strictly increase (an equal one would be a duplicate) and follow the city's clock.
        long eventTime = Math.max(workload.now(), lastMarkerTime.getOrDefault(road, Long.MIN_VALUE) + 1_000);
        lastMarkerTime.put(road, eventTime);
        String topic = TopicCatalog.SENSOR_READINGS.name();
        byte[] value = readings.serialize(topic, MarkerRoads.reading(road, eventTime, congested));
        probe.sent(road, eventTime, congested, counted);
        producer.send(new ProducerRecord<>(topic, MarkerRoads.sensorOf(road), value));
    }

    /** Between rates: until the pipeline has consumed everything (bounded; a backlog left is in the step's verdict). */
    private static void awaitNoBacklog(GroupLag lag, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lag.now().behind() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
