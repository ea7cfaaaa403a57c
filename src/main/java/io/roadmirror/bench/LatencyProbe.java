package io.roadmirror.bench;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.topics.TopicCatalog;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Watches mirror.segments and routing.advisories as a subscriber does (read_committed) and matches
 * what appears on the marker roads to the marker readings sent: a mirror update to the reading
 * whose event time it names as its {@code lastReadingTime}; an advisory (CONGESTION after a
 * congested reading, CLEARED after a free one) to the oldest reading of that kind on that road
 * still waiting for one. Latency: from just before the reading was handed to the producer to the
 * poll that returned the match, in microseconds into HdrHistograms. Readings sent while the
 * pipeline warms up are matched but not counted.
 */
final class LatencyProbe extends OutputProbe {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private record Sent(long nanos, boolean counted) {}

    private final Set<String> roads;
    private final AvroDeserializer<SegmentState> states;
    private final AvroDeserializer<RoutingAdvisory> advisories;
    private final Map<String, Sent> awaitingMirror = new HashMap<>();
    private final Map<String, ArrayDeque<Sent>> awaitingAdvisory = new HashMap<>();
    private Histogram mirrorLatency = histogram();
    private Histogram advisoryLatency = histogram();

    LatencyProbe(Properties client, SchemaRegistryClient registry, List<String> roads) {
        super(
                client,
                List.of(TopicCatalog.MIRROR_SEGMENTS.name(), TopicCatalog.ROUTING_ADVISORIES.name()),
                "bench-latency-probe");
        this.roads = Set.copyOf(roads);
        this.states = AvroDeserializer.specific(registry, SegmentState.class);
        this.advisories = AvroDeserializer.specific(registry, RoutingAdvisory.class);
        start();
    }

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    private static String key(String road, long eventTime) {
        return road + "@" + eventTime;
    }

    /** Call just before the marker reading is handed to the producer. */
    synchronized void sent(String road, long eventTime, boolean congested, boolean counted) {
        Sent sent = new Sent(System.nanoTime(), counted);
        awaitingMirror.put(key(road, eventTime), sent);
        awaitingAdvisory
                .computeIfAbsent(key(road, congested ? 1 : 0), k -> new ArrayDeque<>())
                .add(sent);
    }

    @Override
    synchronized void seen(ConsumerRecord<String, byte[]> record, long now) {
        if (record.key() == null || !roads.contains(record.key())) {
            return;
        }
        if (record.topic().equals(TopicCatalog.MIRROR_SEGMENTS.name())) {
            SegmentState state = states.deserialize(record.topic(), record.value());
            if (state.getLastReadingTime() != null) {
                record(
                        awaitingMirror.remove(
                                key(record.key(), state.getLastReadingTime().toEpochMilli())),
                        now,
                        mirrorLatency);
            }
        } else {
            AdvisoryKind kind =
                    advisories.deserialize(record.topic(), record.value()).getKind();
            if (kind == AdvisoryKind.CONGESTION || kind == AdvisoryKind.CLEARED) {
                ArrayDeque<Sent> waiting =
                        awaitingAdvisory.get(key(record.key(), kind == AdvisoryKind.CONGESTION ? 1 : 0));
                record(waiting == null ? null : waiting.poll(), now, advisoryLatency);
            }
        }
    }

    private static void record(Sent sent, long now, Histogram into) {
        if (sent != null && sent.counted()) {
            into.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - sent.nanos()) / 1_000)));
        }
    }

    /** Whether a marker reading on this road still waits for its mirror update or its advisory. */
    synchronized boolean awaits(String road) {
        String prefix = road + "@";
        return awaitingMirror.keySet().stream().anyMatch(k -> k.startsWith(prefix))
                || !awaitingAdvisory
                        .getOrDefault(key(road, 0), new ArrayDeque<>())
                        .isEmpty()
                || !awaitingAdvisory
                        .getOrDefault(key(road, 1), new ArrayDeque<>())
                        .isEmpty();
    }

    /** Marker readings whose mirror update or advisory has not been seen yet. */
    @Override
    synchronized long outstanding() {
        return awaitingMirror.size()
                + awaitingAdvisory.values().stream().mapToLong(ArrayDeque::size).sum();
    }

    /** The latencies counted since the last call; forgets what still waits (it is reported as unmatched). */
    synchronized Samples takeSamples() {
        Samples samples = new Samples(mirrorLatency, advisoryLatency, outstanding());
        mirrorLatency = histogram();
        advisoryLatency = histogram();
        awaitingMirror.clear();
        awaitingAdvisory.clear();
        return samples;
    }

    record Samples(Histogram mirror, Histogram advisory, long unmatched) {}
}
