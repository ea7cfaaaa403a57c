package io.roadmirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording of the pipeline says: its heap (the largest heap in use before a
 * collection, and the largest live heap after one) and where its threads spent their time — the
 * hottest methods by samples on top of the stack ("self"), and the roadmirror methods most often
 * on the stack at all ("total": the pipeline's own code and everything it calls).
 */
final class JvmRecording {
    private static final int TOP = 15;

    private JvmRecording() {}

    /**
     * @param hotSelf  method to its share of execution samples on top of the stack
     * @param hotTotal roadmirror method to its share of samples with it anywhere on the stack
     */
    record Summary(
            long peakHeapBytes,
            long peakLiveHeapBytes,
            long samples,
            Map<String, Double> hotSelf,
            Map<String, Double> hotTotal) {
        static final Summary EMPTY = new Summary(-1, -1, 0, Map.of(), Map.of());
    }

    static Summary read(Path file) {
        long peakHeap = -1;
        long peakLive = -1;
        long samples = 0;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.GCHeapSummary" -> {
                        long used = event.getLong("heapUsed");
                        if ("After GC".equals(event.getString("when"))) {
                            peakLive = Math.max(peakLive, used);
                        } else {
                            peakHeap = Math.max(peakHeap, used);
                        }
                    }
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = stack.getFrames();
                        self.merge(name(frames.get(0)), 1L, Long::sum);
                        frames.stream()
                                .map(JvmRecording::name)
                                .filter(n -> n.startsWith("io.roadmirror.") && !n.contains("$$Lambda"))
                                .distinct()
                                .forEach(n -> total.merge(n, 1L, Long::sum));
                    }
                    default -> {}
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + file, e);
        }
        return new Summary(peakHeap, Math.max(peakLive, -1), samples, top(self, samples), top(total, samples));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static Map<String, Double> top(Map<String, Long> counts, long samples) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP)
                .forEach(e -> out.put(e.getKey(), Math.round(1000.0 * e.getValue() / samples) / 10.0));
        return out;
    }
}
