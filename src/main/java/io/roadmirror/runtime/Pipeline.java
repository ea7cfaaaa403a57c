package io.roadmirror.runtime;

import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.config.KafkaSettings;
import io.roadmirror.config.PipelineSettings;
import io.roadmirror.forecasts.ForecastThresholds;
import io.roadmirror.forecasts.ForecastTopology;
import io.roadmirror.hotspots.HotspotTopology;
import io.roadmirror.incidents.IncidentTopology;
import io.roadmirror.ingest.DeadLetterDeserializationHandler;
import io.roadmirror.ingest.DeadLetterProcessingHandler;
import io.roadmirror.ingest.IngestTopology;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.network.NetworkTopology;
import io.roadmirror.network.NetworkView;
import io.roadmirror.routes.RouteTopology;
import io.roadmirror.streams.InputLags;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Wires the topologies into one Kafka Streams application, in the order the data flows:
 * network (global) → ingest (validation, dead letters) → incidents (de-duplication, vehicle
 * tracks) → mirror (with the crash rule, whose crashes go back to incident.reports) → hotspots →
 * advisories; the forecasts from the mirror's updates; and routes on request, answered from the
 * global stores. Each part is its own class with its own tests; this class only connects them and
 * holds the Streams configuration.
 */
public final class Pipeline {
    /**
     * How often the decoded network (segment lookups, the routing graph) is rebuilt from
     * road.network: changes to the network are rare, and reach the pipeline within this time.
     */
    public static final Duration NETWORK_REFRESH = Duration.ofSeconds(30);

    private Pipeline() {}

    public static Topology topology(
            PipelineSettings settings,
            KafkaSettings kafka,
            Topics topics,
            PipelineMetrics metrics,
            LongSupplier wallClock) {
        return topology(settings, kafka, topics, metrics, wallClock, new NetworkView(NETWORK_REFRESH), new InputLags());
    }

    /**
     * @param networkView the instance's view of road.network, shared with the query API (its version keys the API's answers)
     * @param inputLags   the lag of the instance's input partitions, kept current by whoever runs the topology
     */
    public static Topology topology(
            PipelineSettings settings,
            KafkaSettings kafka,
            Topics topics,
            PipelineMetrics metrics,
            LongSupplier wallClock,
            NetworkView networkView,
            InputLags inputLags) {
        StreamsBuilder builder = new StreamsBuilder();
        PipelineContext context = new PipelineContext(
                topics, metrics, networkView, wallClock, kafka.topicPartitions(), kafka.applicationId(), inputLags);

        // Shared global tables, every instance holds them whole: the network, the mirror's live travel times, its
        // forecasts and the route blocks, for validation and the routes asked of the pipeline.
        new NetworkTopology(context).build(builder);
        MirrorTopology.globalTable(builder, topics);
        ForecastTopology.globalTable(builder, topics);
        RouteTopology.blocksTable(builder, context);

        IngestTopology.Outputs input = new IngestTopology(context, settings.ingest()).build(builder);
        IncidentTopology incidentTopology = new IncidentTopology(context, settings.detector());
        IncidentTopology.Outputs incidents =
                incidentTopology.build(builder, new IncidentTopology.Inputs(input.positions(), input.incidents()));
        MirrorTopology.Outputs mirror = new MirrorTopology(context, settings.mirror(), settings.detector())
                .build(
                        builder,
                        new MirrorTopology.Inputs(
                                input.readings(), incidents.tracksBySegment(), incidents.changesBySegment()));
        incidentTopology.publishDetected(mirror.detectedIncidents());
        HotspotTopology.Outputs hotspots = new HotspotTopology(context, settings.hotspots())
                .build(builder, new HotspotTopology.Inputs(mirror.events()));
        new AdvisoryTopology(
                        context,
                        settings.advisories(),
                        settings.hotspots().window().toHours())
                .build(builder, new AdvisoryTopology.Inputs(mirror.events(), hotspots.updates()));
        new ForecastTopology(context, ForecastThresholds.DEFAULTS, settings.mirror())
                .build(builder, new ForecastTopology.Inputs(mirror.events()));
        new RouteTopology(context).build(builder, new RouteTopology.Inputs(mirror.events()));
        return builder.build();
    }

    /** The contract's topics plus those the application owns (created together at start-up). */
    public static List<TopicDefinition> topics(KafkaSettings kafka) {
        List<TopicDefinition> all = new ArrayList<>(TopicCatalog.ALL);
        all.add(new TopicDefinition(
                RouteTopology.blocksTopic(kafka.applicationId()), true, null, "route topology (internal)"));
        return all;
    }

    /** Topics read only as global tables. */
    static List<String> globalTopics(KafkaSettings kafka) {
        return List.of(
                TopicCatalog.ROAD_NETWORK.name(),
                TopicCatalog.MIRROR_SEGMENTS.name(),
                TopicCatalog.MIRROR_FORECASTS.name(),
                RouteTopology.blocksTopic(kafka.applicationId()));
    }

    /** How long a vanished instance holds its partitions (see {@link #streamsConfig}). */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private static final List<String> SESSION_TIMEOUT_KEYS = List.of(
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));

    public static Properties streamsConfig(
            PipelineSettings settings, KafkaSettings kafka, PipelineMetrics metrics, Path defaultStateDir) {
        Properties props = new Properties();
        props.putAll(kafka.clientOverrides());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                settings.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.topicReplicationFactor());
        if (kafka.topicReplicationFactor() > 1) {
            // Changelogs and repartition topics as durable as the contract's topics (TopicSetup).
            props.put(
                    StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    TopicSetup.MIN_IN_SYNC_REPLICAS);
        }
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                settings.stateDir().orElse(defaultStateDir).toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                io.roadmirror.ingest.DeadLetterProductionHandler.class);
        // The handlers know which topics are global tables: their thread cannot write dead letters.
        props.put("processing.exception.handler.global.enabled", true);
        props.put(PipelineMetrics.CONFIG_KEY, metrics);
        props.put(DeadLetterDeserializationHandler.GLOBAL_TOPICS_CONFIG, globalTopics(kafka));
        // Idempotent producers and full acknowledgement also with at_least_once: never lose good input.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
        // A source task reads one partition each of three topics, and usually one or two have nothing buffered:
        // waiting for them (the default, 0) made Kafka Streams format a log line per empty partition per record,
        // 11-15 % of a connected-vehicle drain. The mirror does not need the wait: an input counts at its own
        // partition's progress (SourceProgress), whichever partition Kafka Streams reads ahead. A value the user set
        // wins.
        if (!kafka.clientOverrides().containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
        // With the classic group protocol a member that is gone (kill -9, or a stream thread replaced: Kafka Streams
        // closes it without leaving) holds its partitions until its session times out, and every rebalance waits for
        // it: Kafka's 45 s default stalled each restart that long. The heartbeat runs on its own thread, so a busy
        // instance is not taken for a dead one. A session timeout the user set, by any of its names, wins.
        if (SESSION_TIMEOUT_KEYS.stream().noneMatch(kafka.clientOverrides()::containsKey)) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                    SESSION_TIMEOUT.toMillis());
        }
        return props;
    }
}
