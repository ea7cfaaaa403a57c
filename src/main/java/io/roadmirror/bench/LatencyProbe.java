package io.roadmirror.bench;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.topics.TopicCatalog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Watches mirror.segments and routing.advisories as a subscriber does (read_committed) and matches
 * what appears on the marker roads to the marker readings sent: a mirror update to the reading
 * whose event time it names as its {@code lastReadingTime}; an advisory (CONGESTION after a
 * congested reading, CLEARED after a free one) to the oldest reading of that kind on that road
 * still waiting for one. Latency: from just before the reading was handed to the producer to the
 * poll that returned the match, in microseconds into HdrHistograms. Readings sent while the
 * pipeline warms up are matched but not counted.
 */
final class LatencyProbe implements AutoCloseable {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private record Sent(long nanos, boolean counted) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> roads;
    private final AvroDeserializer<SegmentState> states;
    private final AvroDeserializer<RoutingAdvisory> advisories;
    private final Thread thread;
    private final Map<String, Sent> awaitingMirror = new HashMap<>();
    private final Map<String, ArrayDeque<Sent>> awaitingAdvisory = new HashMap<>();
    private Histogram mirrorLatency = histogram();
    private Histogram advisoryLatency = histogram();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    LatencyProbe(Properties client, SchemaRegistryClient registry, List<String> roads) {
        this.consumer = BenchClients.subscriber(
                client, List.of(TopicCatalog.MIRROR_SEGMENTS.name(), TopicCatalog.ROUTING_ADVISORIES.name()), false);
        this.roads = Set.copyOf(roads);
        this.states = AvroDeserializer.specific(registry, SegmentState.class);
        this.advisories = AvroDeserializer.specific(registry, RoutingAdvisory.class);
        this.thread = new Thread(this::loop, "bench-latency-probe");
        this.thread.setDaemon(true);
        this.thread.start();
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

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.key() != null && roads.contains(record.key()) && record.value() != null) {
                        seen(record, now);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private synchronized void seen(ConsumerRecord<String, byte[]> record, long now) {
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

    /** Marker readings whose mirror update or advisory has not been seen yet. */
    synchronized long outstanding() {
        return awaitingMirror.size()
                + awaitingAdvisory.values().stream().mapToLong(ArrayDeque::size).sum();
    }

    /** Waits (bounded) until every marker reading's mirror update and advisory has been seen. */
    boolean awaitAllSeen(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding() > 0) {
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
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

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
