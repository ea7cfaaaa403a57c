package io.roadmirror.sim;

import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways' Kafka side: one idempotent, batching producer per gateway, records keyed as the
 * contract says and written as Avro through the registry. A gateway that loses the broker keeps
 * retrying (records wait in its buffer up to the delivery timeout) and never crashes the simulator:
 * what cannot be sent is counted and logged.
 */
public final class GatewayPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayPublisher.class);

    private final Properties base;
    private final Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
    private final Map<String, KafkaProducer<String, byte[]>> producers = new HashMap<>();
    private final StringSerializer keys = new StringSerializer();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastFailureLog;

    public GatewayPublisher(Properties clientProperties, Topics topics) {
        this.base = producerProperties(clientProperties);
        serializers.putAll(valueSerializers(topics));
    }

    /** How a gateway's producer is set up: idempotent, acks=all, batching with lz4, retrying up to 5 minutes. */
    public static Properties producerProperties(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return props;
    }

    /** The value serializer of each topic a gateway writes, by topic name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Serializer<SpecificRecord>> valueSerializers(Topics topics) {
        Map<String, Serializer<SpecificRecord>> out = new HashMap<>();
        for (Topic<String, ? extends SpecificRecord> topic : List.of(topics.sensorReadings, topics.vehiclePositions, topics.incidentReports)) {
            out.put(topic.name(), (Serializer<SpecificRecord>) topic.valueSerde().serializer());
        }
        return out;
    }

    public void send(GatewayRecord record) {
        KafkaProducer<String, byte[]> producer = producers.computeIfAbsent(record.gatewayId(), this::producer);
        try {
            byte[] value = record.isGarbage() ? record.garbage() : serializers.get(record.topic()).serialize(record.topic(), record.value());
            producer.send(new ProducerRecord<>(record.topic(), record.key(), value), (metadata, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else {
                    failed(record, error);
                }
            });
        } catch (KafkaException e) {
            failed(record, e);
        }
    }

    private KafkaProducer<String, byte[]> producer(String gatewayId) {
        Properties props = new Properties();
        props.putAll(base);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "roadmirror-" + gatewayId);
        return new KafkaProducer<>(props, keys, new ByteArraySerializer());
    }

    private void failed(GatewayRecord record, Exception error) {
        failed.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 10_000) {
            lastFailureLog = now;
            log.warn("Gateway {} could not send to {} ({} failures so far): {}", record.gatewayId(), record.topic(), failed.get(),
                    error.getMessage());
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public void flush() {
        producers.values().forEach(KafkaProducer::flush);
    }

    @Override
    public void close() {
        producers.values().forEach(p -> p.close(java.time.Duration.ofSeconds(10)));
    }
}
