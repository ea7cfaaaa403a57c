package io.roadmirror.network;

import io.roadmirror.config.ClientProperties;
import io.roadmirror.model.RoadSegment;
import io.roadmirror.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes a road network to the compacted road.network topic, one record per segment keyed by segmentId. */
public final class NetworkPublisher {
    private NetworkPublisher() {}

    /** Publishes every segment and waits until all are acknowledged. */
    public static int publish(RoadNetwork network, Topic<String, RoadSegment> topic, Properties clientProperties) {
        Properties props = ClientProperties.safeProducer(clientProperties, "roadmirror-network-loader");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, RoadSegment> producer = new KafkaProducer<>(
                props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Segment segment : network.segments()) {
                sends.add(
                        producer.send(new ProducerRecord<>(topic.name(), segment.id(), NetworkCodec.toAvro(segment))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
            return sends.size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "writing the road network to " + topic.name() + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the road network", e);
        }
    }
}
