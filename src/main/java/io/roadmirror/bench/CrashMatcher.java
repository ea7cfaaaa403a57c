package io.roadmirror.bench;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Matches DETECTED incidents to the crashes the generator completed: a detection on a segment is
 * the crash completed there with the id the detector gives (segment and event time of the
 * completing report), else the oldest crash still waiting on that segment (so a detector that
 * names its incidents otherwise is still matched). Latency: from just before the completing
 * report was handed to the producer to the poll that returned the detection. Not thread-safe:
 * {@link CrashProbe} calls it under its lock.
 */
final class CrashMatcher {
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private record Waiting(BenchWorkload.CrashMark mark, long sentNanos, boolean counted) {}

    /**
     * @param latency    send-to-detection latencies of the counted crashes detected, microseconds
     * @param completed  counted crashes completed (their completing report sent after the warm-up)
     * @param detected   counted crashes matched to a DETECTED incident
     * @param unexpected DETECTED incidents on a segment with no crash waiting (the generator's crashes and the rule disagree)
     */
    record Samples(Histogram latency, long completed, long detected, long unexpected) {
        long missed() {
            return completed - detected;
        }
    }

    private final Map<String, ArrayDeque<Waiting>> waiting = new HashMap<>();
    private Histogram latency = histogram();
    private long completed;
    private long detected;
    private long unexpected;

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** A crash's completing report is about to be sent. */
    void sent(BenchWorkload.CrashMark mark, long nanos, boolean counted) {
        waiting.computeIfAbsent(mark.segmentId(), s -> new ArrayDeque<>()).add(new Waiting(mark, nanos, counted));
        completed += counted ? 1 : 0;
    }

    /** A DETECTED OPEN incident was seen; returns whether it matched a crash. */
    boolean seen(String segmentId, String incidentId, long nanos) {
        ArrayDeque<Waiting> onSegment = waiting.get(segmentId);
        if (onSegment == null || onSegment.isEmpty()) {
            unexpected++;
            return false;
        }
        Waiting match = null;
        for (Iterator<Waiting> it = onSegment.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.mark().expectedIncidentId().equals(incidentId)) {
                match = w;
                it.remove();
                break;
            }
        }
        if (match == null) {
            match = onSegment.poll();
        }
        if (onSegment.isEmpty()) {
            waiting.remove(segmentId);
        }
        if (match.counted()) {
            detected++;
            latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (nanos - match.sentNanos()) / 1_000)));
        }
        return true;
    }

    /** Crashes completed and not detected yet, earlier steps' included. */
    long outstanding() {
        return waiting.values().stream().mapToLong(ArrayDeque::size).sum();
    }

    /**
     * What was counted since the last call. The crashes still waiting are the samples' missed ones; they stay waiting,
     * uncounted, so a late detection of one is not taken for a detection that matches no crash.
     */
    Samples take() {
        Samples samples = new Samples(latency, completed, detected, unexpected);
        latency = histogram();
        completed = 0;
        detected = 0;
        unexpected = 0;
        waiting.replaceAll((segment, crashes) -> {
            ArrayDeque<Waiting> uncounted = new ArrayDeque<>();
            crashes.forEach(w -> uncounted.add(new Waiting(w.mark(), w.sentNanos(), false)));
            return uncounted;
        });
        return samples;
    }

    /** Crashes completed in a step that are still awaited (counted ones only). */
    long outstandingCounted() {
        return waiting.values().stream()
                .flatMap(ArrayDeque::stream)
                .filter(Waiting::counted)
                .count();
    }
}
