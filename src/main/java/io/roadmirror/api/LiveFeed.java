package io.roadmirror.api;

import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 */
final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** One change for the clients: {@code name} is the SSE event name, {@code payload} a view record. */
    record Event(String name, Object payload) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Function<byte[], Event>> decoders;
    private final Consumer<Event> sink;
    private final Thread thread;
    private volatile boolean running = true;

    private LiveFeed(KafkaConsumer<String, byte[]> consumer, Map<String, Function<byte[], Event>> decoders, Consumer<Event> sink) {
        this.consumer = consumer;
        this.decoders = decoders;
        this.sink = sink;
        this.thread = new Thread(this::run, "roadmirror-live-feed");
        this.thread.setDaemon(true);
    }

    /** Returns once the consumer stands at the current end of each topic: every later record is delivered. */
    static LiveFeed start(Properties kafkaClient, Topics topics, Consumer<Event> sink) {
        Map<String, Function<byte[], Event>> decoders = new HashMap<>();
        decoders.put(topics.mirrorSegments.name(), decoder(topics.mirrorSegments, "segment", LiveStateView::of));
        decoders.put(topics.incidentHotspots.name(), decoder(topics.incidentHotspots, "hotspot", HotspotView::of));
        decoders.put(topics.routingAdvisories.name(), decoder(topics.routingAdvisories, "advisory", AdvisoryView::of));

        Properties props = new Properties();
        props.putAll(kafkaClient);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roadmirror-api-live-feed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : decoders.keySet()) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolves the lazy seek now, not at the first poll
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        LiveFeed feed = new LiveFeed(consumer, decoders, sink);
        feed.thread.start();
        return feed;
    }

    private static <V> Function<byte[], Event> decoder(Topic<String, V> topic, String eventName, Function<V, Object> view) {
        return bytes -> new Event(eventName, view.apply(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)));
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    deliver(record);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            log.error("The live feed stopped; /api/stream clients get no more changes until a restart", e);
        } finally {
            consumer.close();
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone on a compacted topic: nothing to show
        }
        Event event;
        try {
            event = decoders.get(record.topic()).apply(record.value());
        } catch (RuntimeException undecodable) {
            log.warn("Skipping a record the live feed cannot decode ({} partition {} offset {}): {}", record.topic(),
                    record.partition(), record.offset(), undecodable.toString());
            return;
        }
        try {
            sink.accept(event);
        } catch (RuntimeException e) {
            log.warn("Could not pass a {} event on to the stream clients: {}", event.name(), e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
