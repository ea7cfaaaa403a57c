package io.roadmirror.topics;

import io.roadmirror.config.ClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic as it is now (from the beginning to the current end, committed records only). */
public final class TopicReader {
    private TopicReader() {}

    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            Properties clientProperties, String topic, Deserializer<K> keys, Deserializer<V> values, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        forEach(clientProperties, topic, keys, values, timeout, records::add);
        return records;
    }

    /** The same, handing each record on as it is read instead of keeping them all. */
    public static <K, V> void forEach(
            Properties clientProperties,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Duration timeout,
            Consumer<ConsumerRecord<K, V>> each) {
        Properties props = ClientProperties.committedReader(clientProperties, null);
        props.put("group.id", "roadmirror-reader-" + UUID.randomUUID());
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "reading " + topic + " took longer than " + timeout.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
