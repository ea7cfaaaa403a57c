package io.roadmirror.bench;

import io.roadmirror.config.ClientProperties;
import io.roadmirror.sim.GatewayPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The benchmark's own Kafka clients: one gateway-like producer, and read_committed consumers as subscribers use. */
final class BenchClients {
    private BenchClients() {}

    /**
     * A gateway's producer ({@link GatewayPublisher#producerProperties}), but lingering 5 ms instead of 20, so the
     * latency measured is the pipeline's more than the batching's, and blocking while its buffer is full (a preload
     * writes faster than the broker takes it; a gateway would queue instead, which the benchmark has no use for).
     */
    static KafkaProducer<String, byte[]> producer(Properties client) {
        Properties props = GatewayPublisher.producerProperties(client);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "roadmirror-bench-gateway");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer without a group, assigned every partition of the topics, from their end. */
    static KafkaConsumer<String, byte[]> subscriber(Properties client, List<String> topics, boolean fromStart) {
        Properties props = ClientProperties.committedReader(client, "roadmirror-bench-subscriber");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(t, p.partition())))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position); // resolve the positions now, not on the first poll
        return consumer;
    }
}
