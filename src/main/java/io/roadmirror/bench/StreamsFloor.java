package io.roadmirror.bench;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The Streams floor (issue 10): the least any Kafka Streams pipeline on the connected vehicles'
 * input must do — read vehicle.positions (Avro, registry), repartition them by segment, count per
 * segment in a store with a changelog, and write the counts to a topic — under the pipeline's own
 * guarantee, threads, commit interval and client settings. The benchmark runs it in its own JVM,
 * as it runs the pipeline, and drains the same input through it, so pipeline / floor says what
 * roadmirror's own rules cost on top of what Streams costs anyway.
 *
 * <p>{@code java -cp ... io.roadmirror.bench.StreamsFloor <bootstrap> <registry url> <application id> <guarantee> <state dir>
 * <partitions> <stream threads> <commit interval ms>}
 */
public final class StreamsFloor {
    static final String RUNNING_LINE = "streams floor running";
    static final String OUTPUT_TOPIC = "bench.floor.segment-counts";
    static final String REPARTITION = "positions-by-segment";
    static final String STORE = "positions-per-segment";

    private StreamsFloor() {}

    /**
     * Read, repartition by segment, count per segment, write. A position is decoded once, for its segment; the repartition
     * carries its bytes as they came (the least any pipeline can move).
     */
    static Topology topology(Topic<String, VehiclePosition> positions) {
        StreamsBuilder builder = new StreamsBuilder();
        Deserializer<VehiclePosition> decode = positions.valueSerde().deserializer();
        builder.stream(
                        positions.name(),
                        Consumed.with(positions.keySerde(), Serdes.ByteArray()).withName("floor-read"))
                .groupBy(
                        (vehicle, bytes) ->
                                decode.deserialize(positions.name(), bytes).getSegmentId(),
                        Grouped.with(REPARTITION, Serdes.String(), Serdes.ByteArray()))
                .count(Named.as("floor-count"), Materialized.as(STORE))
                .toStream(Named.as("floor-changes"))
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), Serdes.Long()).withName("floor-write"));
        return builder.build();
    }

    /** The pipeline's Streams settings that bear on cost (Pipeline.streamsConfig), nothing of its own rules. */
    static Properties streamsConfig(
            String bootstrap, String applicationId, String guarantee, String stateDir, int threads, long commitMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
        return props;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println(
                    "usage: StreamsFloor <bootstrap> <registry url> <application id> <guarantee> <state dir> <partitions>"
                            + " <stream threads> <commit interval ms>");
            System.exit(2);
        }
        String bootstrap = args[0];
        RoadmirrorConfig config =
                RoadmirrorConfig.of(Map.of("bootstrap.servers", bootstrap, "schema.registry.url", args[1]));
        int partitions = Integer.parseInt(args[5]);
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            admin.createTopics(List.of(new NewTopic(OUTPUT_TOPIC, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry());
        Topics topics = new Topics(registry, false);
        Properties props =
                streamsConfig(bootstrap, args[2], args[3], args[4], Integer.parseInt(args[6]), Long.parseLong(args[7]));
        props.putAll(config.kafka().clientOverrides());
        KafkaStreams streams = new KafkaStreams(topology(topics.vehiclePositions), props);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println(RUNNING_LINE + " (" + args[2] + ", " + args[3] + ")");
                System.out.flush();
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            streams.close(Duration.ofSeconds(30));
                            stopped.countDown();
                        },
                        "floor-shutdown"));
        streams.start();
        stopped.await();
        registry.close();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }
}
