package io.roadmirror.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live feed outlives a failing consumer and bad records, and says when it cannot (unit level: Kafka's MockConsumer). */
@Timeout(30)
class LiveFeedTest {
    private static final String TOPIC = "mirror.segments";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger resyncs = new AtomicInteger();
    private LiveFeed feed;

    private final LiveFeed.Sink sink = new LiveFeed.Sink() {
        @Override
        public void accept(LiveFeed.Event event) {
            if (event.payload().equals("boom")) {
                throw new IllegalStateException("a sink failure");
            }
            delivered.add((String) event.payload());
        }

        @Override
        public void resync() {
            resyncs.incrementAndGet();
        }
    };

    /** Bytes starting with 0 are not a record this feed can decode. */
    private static final Function<byte[], LiveFeed.Event> DECODER = bytes -> {
        if (bytes[0] == 0) {
            throw new SerializationException("not the wire format");
        }
        return new LiveFeed.Event("segment", new String(bytes, StandardCharsets.UTF_8));
    };

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
    }

    private static MockConsumer<String, byte[]> consumerAt(long end) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateEndOffsets(Map.of(PARTITION, end));
        return consumer;
    }

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, "A-B", value);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private LiveFeed feedOf(Deque<Supplier<Consumer<String, byte[]>>> consumers) {
        return new LiveFeed(() -> consumers.removeFirst().get(), Map.of(TOPIC, DECODER), sink);
    }

    @Test
    void aFailingConsumerIsReplacedAndClientsAreToldToReload() {
        MockConsumer<String, byte[]> failing = consumerAt(0);
        failing.setPollException(new KafkaException("the broker went away"));
        MockConsumer<String, byte[]> replacement = consumerAt(7);
        replacement.schedulePollTask(() -> replacement.addRecord(record(7, text("after the outage"))));
        Deque<Supplier<Consumer<String, byte[]>>> consumers = new ArrayDeque<>(List.of(
                () -> failing,
                () -> {
                    throw new KafkaException("still no broker"); // the first retry fails too
                },
                () -> replacement));
        feed = feedOf(consumers);
        feed.start();

        Await.until(
                "health says the feed is recovering",
                () -> feed.status().state().equals("RECOVERING"),
                WAIT);
        assertEquals(
                "org.apache.kafka.common.KafkaException: the broker went away",
                feed.status().error());
        Await.until("the feed delivers again", () -> delivered.contains("after the outage"), WAIT);
        assertEquals("UP", feed.status().state());
        assertEquals(1, resyncs.get(), "events were lost in between: clients reload once");
    }

    @Test
    void aRecordItCannotDecodeOrDeliverIsSkippedAndTheFeedGoesOn() {
        MockConsumer<String, byte[]> consumer = consumerAt(0);
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0, new byte[] {0, 1, 2}));
            consumer.addRecord(record(1, text("boom")));
            consumer.addRecord(record(2, null)); // a tombstone: nothing to show
            consumer.addRecord(record(3, text("fine")));
        });
        feed = feedOf(new ArrayDeque<>(List.of(() -> consumer)));
        feed.start();

        Await.until("the good record arrives", () -> delivered.contains("fine"), WAIT);
        assertEquals(List.of("fine"), delivered);
        assertEquals(1, feed.status().skippedRecords());
        assertEquals("UP", feed.status().state());
    }

    @Test
    void aFeedThatDiedShowsAsStopped() {
        MockConsumer<String, byte[]> consumer = consumerAt(0);
        consumer.schedulePollTask(() -> {
            throw new StackOverflowError("an error no loop should swallow");
        });
        feed = feedOf(new ArrayDeque<>(List.of(() -> consumer)));
        feed.start();

        Await.until("health shows the feed stopped", () -> feed.status().state().equals("STOPPED"), WAIT);
    }
}
