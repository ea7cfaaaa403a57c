package io.roadmirror.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic from the beginning with a read_committed consumer until a condition holds, within a bounded time. */
public final class Consume {
    private Consume() {
    }

    public static <K, V> List<ConsumerRecord<K, V>> until(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values,
                                                          Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<ConsumerRecord<K, V>> seen = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("within " + timeout.toSeconds() + " s, " + topic + " did not get what the test waits for; it got "
                            + seen.size() + " records: " + seen.stream().map(r -> r.key() + "=" + r.value()).limit(20).toList());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }
}
