package io.roadmirror.api;

import io.roadmirror.config.ClientProperties;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changes from now on: tails mirror.segments, incident.hotspots and routing.advisories from
 * their end with a read_committed consumer (only what the pipeline committed, exactly as
 * downstream services see it) and hands each record on as a named event. Every instance tails
 * every partition itself, without a consumer group, so each instance's clients see every change.
 *
 * <p>The feed outlives its errors: a record it cannot decode is skipped, a failing consumer is
 * closed and a new one starts from the end after a growing pause (the events in between are lost,
 * so the sink is told to {@link Sink#resync}). {@link #status()} says whether it is up, for health.
 */
final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** One change for the clients: {@code name} is the SSE event name, {@code payload} a view record. */
    record Event(String name, Object payload) {}

    /** Where events go. */
    interface Sink {
        void accept(Event event);

        /**
         * An event that costs a decode to see: a sink nobody is watching may count it without decoding it
         * ({@link SseHub}). Decoding fails with {@link Undecodable}.
         */
        default void offer(Supplier<Event> event) {
            accept(event.get());
        }

        /** Events were lost (the feed restarted from the end): clients should reload what they show. */
        void resync();
    }

    /** A record the feed cannot decode. */
    static final class Undecodable extends RuntimeException {
        Undecodable(RuntimeException cause) {
            super(cause.toString(), cause);
        }
    }

    /** UP, or RECOVERING since a failure (with its message), or STOPPED for good. */
    record Status(String state, String since, String error, long skippedRecords) {
        boolean up() {
            return state.equals("UP");
        }
    }

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final List<String> topics;
    private final Map<String, Function<byte[], Event>> decoders;
    private final Sink sink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Status status = new Status("UP", null, null, 0);
    private volatile long skipped;
    private final Object pausing = new Object();

    LiveFeed(Supplier<Consumer<String, byte[]>> consumers, Map<String, Function<byte[], Event>> decoders, Sink sink) {
        this.consumers = consumers;
        this.topics = List.copyOf(decoders.keySet());
        this.decoders = decoders;
        this.sink = sink;
        this.thread = new Thread(this::run, "roadmirror-live-feed");
        this.thread.setDaemon(true);
    }

    /** Returns once the consumer stands at the current end of each topic: every later record is delivered. */
    static LiveFeed start(Properties kafkaClient, Topics topics, Sink sink, MirrorNow now) {
        Map<String, Function<byte[], Event>> decoders = new HashMap<>();
        decoders.put(topics.mirrorSegments.name(), decoder(topics.mirrorSegments, "segment", state -> {
            now.saw(state.getAsOf().toEpochMilli());
            return LiveStateView.of(state);
        }));
        decoders.put(topics.incidentHotspots.name(), decoder(topics.incidentHotspots, "hotspot", HotspotView::of));
        decoders.put(topics.routingAdvisories.name(), decoder(topics.routingAdvisories, "advisory", AdvisoryView::of));

        Properties props = ClientProperties.committedReader(kafkaClient, "roadmirror-api-live-feed");
        LiveFeed feed = new LiveFeed(
                () -> new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()),
                decoders,
                sink);
        feed.start();
        return feed;
    }

    /** Subscribes at the end of each topic (failing here fails the start), then tails on its own thread. */
    void start() {
        consumer = atEnd();
        thread.start();
    }

    private static <V> Function<byte[], Event> decoder(
            Topic<String, V> topic, String eventName, Function<V, Object> view) {
        return bytes -> new Event(
                eventName, view.apply(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)));
    }

    private Consumer<String, byte[]> atEnd() {
        Consumer<String, byte[]> fresh = consumers.get();
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : fresh.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            fresh.assign(partitions);
            fresh.seekToEnd(partitions);
            partitions.forEach(fresh::position); // resolves the lazy seek now, not at the first poll
            return fresh;
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private void run() {
        Duration pause = FIRST_RETRY;
        try {
            while (running) {
                try {
                    if (consumer == null) {
                        consumer = atEnd();
                        sink.resync();
                        log.info("The live feed is back; /api/stream clients were told to reload what they show");
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        deliver(record);
                    }
                    if (!status.up()) {
                        status = new Status("UP", null, null, skipped);
                    }
                    pause = FIRST_RETRY;
                } catch (WakeupException stopping) {
                    return; // close() woke the consumer up
                } catch (RuntimeException e) {
                    recover(e, pause);
                    pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConsumer();
            status = new Status(
                    "STOPPED", Instant.now().toString(), running ? "the live feed thread ended" : "closed", skipped);
        }
    }

    /** Drops the failed consumer and waits before the next one, so a broken cluster is not hammered. */
    private void recover(RuntimeException e, Duration pause) throws InterruptedException {
        if (status.up()) {
            log.error(
                    "The live feed failed; /api/stream clients get no changes until it recovers (next try in {} ms)",
                    pause.toMillis(),
                    e);
            status = new Status("RECOVERING", Instant.now().toString(), e.toString(), skipped);
        } else {
            log.warn("The live feed is still failing (next try in {} ms): {}", pause.toMillis(), e.toString());
        }
        closeConsumer();
        synchronized (pausing) {
            if (running) {
                pausing.wait(pause.toMillis()); // close() ends the pause early
            }
        }
    }

    private void closeConsumer() {
        Consumer<String, byte[]> current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("Closing the live feed's consumer failed", e);
            }
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone on a compacted topic: nothing to show
        }
        Function<byte[], Event> decoder = decoders.get(record.topic());
        try {
            sink.offer(() -> {
                try {
                    return decoder.apply(record.value());
                } catch (RuntimeException e) {
                    throw new Undecodable(e);
                }
            });
        } catch (Undecodable undecodable) {
            skipped++;
            log.warn(
                    "Skipping a record the live feed cannot decode ({} partition {} offset {}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    undecodable.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not pass a {} event on to the stream clients: {}", record.topic(), e.toString());
        }
    }

    /** For health: STOPPED also when the thread died of an Error the loop does not catch. */
    Status status() {
        Status current = status;
        if (current.state().equals("STOPPED") || (!thread.isAlive() && thread.getState() != Thread.State.NEW)) {
            return current.state().equals("STOPPED")
                    ? current
                    : new Status("STOPPED", null, "the live feed thread ended", skipped);
        }
        return new Status(current.state(), current.since(), current.error(), skipped);
    }

    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (pausing) {
            pausing.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
