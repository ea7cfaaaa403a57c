package io.roadmirror.routes;

import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.network.NetworkView;
import io.roadmirror.state.BlockedSegment;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.VersionedSerde;
import io.roadmirror.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Routes on request (DESIGN.md "v2 topics"): route.requests → route.responses, keyed by request
 * id, each answered by {@link RoutePlanner} from global stores, so any instance answers any
 * request without a repartition. A request that does not deserialize is dead-lettered like every
 * input; one that deserializes is always answered (INVALID or UNKNOWN_NODE when it is wrong).
 *
 * <p>What blocks a segment: the mirror knows each segment's open incidents with their type and
 * severity (mirror.segments carries only their ids), so, as the advisories publish closures, the
 * segment's blocking incidents ({@link RouteRules#blocks}) are published on each change of its
 * open incidents to a small compacted topic of the application ({@code <application.id>-route-blocks})
 * and read back as a global table. A segment's blocks are known from its first incident change
 * after this topology is deployed.
 */
public final class RouteTopology {
    public static final String BLOCKS_STORE = "route-blocks-global-store";
    public static final String BLOCKS_TOPIC_SUFFIX = "-route-blocks";

    private final Topics topics;
    private final NetworkView networkView;
    private final PipelineMetrics metrics;
    private final String blocksTopic;

    public RouteTopology(PipelineContext context) {
        this.topics = context.topics();
        this.networkView = context.networkView();
        this.metrics = context.metrics();
        this.blocksTopic = blocksTopic(context.applicationId());
    }

    /** The mirror's events: a change of a segment's open incidents changes what blocks it. */
    public record Inputs(KStream<String, SegmentEvent> mirrorEvents) {}

    /** The answers (also written to route.responses). */
    public record Outputs(KStream<String, RouteResponse> responses) {}

    public static String blocksTopic(String applicationId) {
        return applicationId + BLOCKS_TOPIC_SUFFIX;
    }

    /** {@link RouteBlocks} as the versioned {@link BlockedSegment}, on the blocks topic and in its global store. */
    static Serde<RouteBlocks> blocksSerde() {
        return VersionedSerde.of(BlockedSegment.class)
                .mapped(b -> new BlockedSegment(b.incidentIds()), b -> new RouteBlocks(b.getIncidentIds()));
    }

    /** Every segment's blocking incidents as a global table (registered in the pipeline's step for shared global tables). */
    public static GlobalKTable<String, RouteBlocks> blocksTable(StreamsBuilder builder, PipelineContext context) {
        return builder.globalTable(
                blocksTopic(context.applicationId()),
                Consumed.with(Serdes.String(), blocksSerde()).withName("route-blocks-global"),
                Materialized.<String, RouteBlocks, KeyValueStore<Bytes, byte[]>>as(BLOCKS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(blocksSerde()));
    }

    public Outputs build(StreamsBuilder builder, Inputs inputs) {
        inputs.mirrorEvents()
                .filter(
                        (segment, event) ->
                                event.update() != null && event.update().incidentsChanged(),
                        Named.as("route-incident-changes"))
                .mapValues(event -> blocksOf(event), Named.as("route-blocks-of-segment"))
                .to(blocksTopic, Produced.with(Serdes.String(), blocksSerde()).withName("route-blocks-sink"));

        KStream<String, RouteResponse> responses = builder.stream(
                        topics.routeRequests.name(),
                        Consumed.with(topics.routeRequests.keySerde(), topics.routeRequests.valueSerde())
                                .withTimestampExtractor(REQUEST_TIME)
                                .withName("route-requests-source"))
                .process(() -> new RouteProcessor(networkView, metrics), Named.as("route-planner"));
        responses.to(
                topics.routeResponses.name(),
                Produced.with(topics.routeResponses.keySerde(), topics.routeResponses.valueSerde())
                        .withName("route-responses-sink"));
        return new Outputs(responses);
    }

    /** The segment's blocking incidents, or null (a tombstone) when there are none. */
    static RouteBlocks blocksOf(SegmentEvent event) {
        var ids = RouteRules.blockingIds(event.update().openIncidents());
        return ids.isEmpty() ? null : new RouteBlocks(ids);
    }

    /**
     * A request's time is its record's timestamp (the asker's clock: the default departAt). Not
     * Kafka Streams' default, which fails the task on a negative timestamp: a request never stops a partition.
     */
    static final TimestampExtractor REQUEST_TIME =
            (record, partitionTime) -> record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
}
