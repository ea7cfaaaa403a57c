package io.roadmirror.sim;

import io.roadmirror.config.ClientProperties;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.runtime.Closeables;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways' Kafka side: one idempotent, batching producer per gateway, records keyed as the
 * contract says and written as Avro through the registry. A gateway that loses the broker or the
 * registry stores and forwards, as a real one does, and never crashes or stalls the simulator:
 * while the producer still knows the topic, records wait in its buffer and are retried up to the
 * delivery timeout; when it does not (it cannot even learn a partition) or the registry is
 * unreachable, they wait in order in the gateway's own queue (up to {@value #MAX_WAITING}, then the
 * oldest are given up) and are tried again every {@value #RETRY_AFTER_MS} ms. What is given up is
 * counted and logged.
 */
public final class GatewayPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayPublisher.class);
    /** Records the gateways keep while they cannot hand them to a producer: 2.5 minutes of the demo's city at 60x. */
    static final int MAX_WAITING = 100_000;

    static final long RETRY_AFTER_MS = 2_000;

    private final Properties base;
    private final Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
    private final Map<String, KafkaProducer<String, byte[]>> producers = new HashMap<>();
    private final StringSerializer keys = new StringSerializer();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastFailureLog;
    private final ArrayDeque<GatewayRecord> waiting = new ArrayDeque<>();
    private long retryAt;

    public GatewayPublisher(Properties clientProperties, Topics topics) {
        this.base = producerProperties(clientProperties);
        serializers.putAll(valueSerializers(topics));
    }

    /** How a gateway's producer is set up: idempotent, acks=all, batching with lz4, retrying up to 5 minutes. */
    public static Properties producerProperties(Properties clientProperties) {
        Properties props = ClientProperties.safeProducer(clientProperties, null);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        // How long send() may wait to learn a topic's partitions; beyond, the record waits in the gateway's own queue.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        return props;
    }

    /** The value serializer of each topic a gateway writes, by topic name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Serializer<SpecificRecord>> valueSerializers(Topics topics) {
        Map<String, Serializer<SpecificRecord>> out = new HashMap<>();
        for (Topic<String, ? extends SpecificRecord> topic :
                List.of(topics.sensorReadings, topics.vehiclePositions, topics.incidentReports)) {
            out.put(topic.name(), (Serializer<SpecificRecord>)
                    topic.valueSerde().serializer());
        }
        return out;
    }

    /** Sends the record after any that wait; never blocks longer than the producer's max.block.ms, never throws. */
    public void send(GatewayRecord record) {
        waiting.add(record);
        if (waiting.size() > MAX_WAITING) {
            failed(
                    waiting.poll(),
                    new IllegalStateException("the gateway's queue is full (" + MAX_WAITING + " records waiting)"));
        }
        if (System.currentTimeMillis() >= retryAt) {
            forwardWaiting();
        }
    }

    private void forwardWaiting() {
        while (!waiting.isEmpty()) {
            if (!handOver(waiting.peek())) {
                retryAt = System.currentTimeMillis() + RETRY_AFTER_MS;
                return;
            }
            waiting.poll();
        }
    }

    /** @return false when the record could not be handed to the producer now and should be tried again later */
    private boolean handOver(GatewayRecord record) {
        KafkaProducer<String, byte[]> producer = producers.computeIfAbsent(record.gatewayId(), this::producer);
        try {
            // Learns the topic's partitions, or throws within max.block.ms (send itself would report that only to the
            // callback).
            producer.partitionsFor(record.topic());
            byte[] value = record.isGarbage()
                    ? record.garbage()
                    : serializers.get(record.topic()).serialize(record.topic(), record.value());
            producer.send(new ProducerRecord<>(record.topic(), record.key(), value), (metadata, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else {
                    failed(record, error);
                }
            });
            return true;
        } catch (TimeoutException | RegistryUnavailableException e) {
            unreachable(record, e); // no metadata for the topic, or no registry: the broker or registry is away
            return false;
        } catch (KafkaException e) {
            failed(record, e); // this record cannot be sent at all (e.g. too large): give it up, keep the rest
            return true;
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
        logAtMostEvery10s("Gateway {} gave up a record for {} ({} given up so far): {}", record, failed.get(), error);
    }

    private void unreachable(GatewayRecord record, Exception error) {
        logAtMostEvery10s(
                "Gateway {} cannot reach {} now; {} records wait and are retried: {}", record, waiting.size(), error);
    }

    private void logAtMostEvery10s(String message, GatewayRecord record, long count, Exception error) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 10_000) {
            lastFailureLog = now;
            log.warn(message, record.gatewayId(), record.topic(), count, error.getMessage());
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Records waiting in the gateways' own queue for the broker or the registry to come back. */
    public int waiting() {
        return waiting.size();
    }

    /** Tries what waits once more, then waits until the producers have sent what they hold. */
    public void flush() {
        forwardWaiting();
        producers.values().forEach(KafkaProducer::flush);
    }

    @Override
    public void close() {
        if (!waiting.isEmpty()) {
            log.warn("{} gateway records never reached the broker and are given up", waiting.size());
            failed.addAndGet(waiting.size());
            waiting.clear();
        }
        Closeables.closeAll(producers.values().stream()
                .map(p -> (AutoCloseable) () -> p.close(Duration.ofSeconds(10)))
                .toList());
    }
}
