package io.roadmirror.runtime;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkView;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline: makes sure the topics exist, then starts Kafka Streams with the pipeline
 * topology. A stream thread that dies on an unexpected error (e.g. the registry unreachable) is
 * replaced, so the instance keeps running and resumes from its last commit.
 */
public final class PipelineRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    private final KafkaStreams streams;
    private final Topology topology;
    private final NetworkView networkView;

    private PipelineRunner(KafkaStreams streams, Topology topology, NetworkView networkView) {
        this.streams = streams;
        this.topology = topology;
        this.networkView = networkView;
    }

    public static PipelineRunner start(RoadmirrorConfig config, SchemaRegistryClient registry, boolean autoRegister,
                                       PipelineMetrics metrics, Path defaultStateDir) {
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            TopicSetup.ensureTopics(admin, config.kafka().topicPartitions(), config.kafka().topicReplicationFactor(),
                    Pipeline.topics(config.kafka()));
        }
        Topics topics = new Topics(registry, autoRegister);
        NetworkView networkView = new NetworkView(Pipeline.NETWORK_REFRESH);
        Topology topology = Pipeline.topology(config.pipeline(), config.kafka(), topics, metrics, System::currentTimeMillis, networkView);
        Properties props = Pipeline.streamsConfig(config.pipeline(), config.kafka(), metrics, defaultStateDir);
        // Where the other instances reach this one's query API: Streams shares it in its metadata.
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.api().applicationServer());
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("A stream thread failed; replacing it (processing resumes from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
        streams.start();
        return new PipelineRunner(streams, topology, networkView);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    /** The instance's view of road.network; its {@link NetworkView#version()} changes with every change to it. */
    public NetworkView networkView() {
        return networkView;
    }

    /** Waits until the application is RUNNING; throws if it fails or does not get there in time. */
    public void awaitRunning(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new StartupException("the pipeline stopped while starting (state " + streams.state() + "); see the log above");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartupException("the pipeline did not reach RUNNING within " + timeout.toSeconds() + " s (state "
                        + streams.state() + "); check that the brokers are reachable");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while starting the pipeline");
            }
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
