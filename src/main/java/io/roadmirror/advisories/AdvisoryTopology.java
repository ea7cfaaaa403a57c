package io.roadmirror.advisories;

import io.roadmirror.hotspots.HotspotUpdate;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.network.NetworkView;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.RoutingWeight;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.streams.VersionedSerde;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Routing advisories (DESIGN.md "Advisories"). Every segment partition sends its segments' new
 * states, the hotspots they became and how far it has evaluated through one single-partition topic
 * ({@value #ADVISORY_INPUTS}) to one processor, which takes them in event-time order behind a second
 * watermark (every partition has passed them, {@link AdvisoryOrder}) and issues at most one advisory
 * per change to routing.advisories: a detour is then routed over every segment's state as of the
 * time judged, the same at real-time pace and in a backlog. A closed segment is known from its state (its
 * open CLOSURE incidents), like its travel time.
 */
public final class AdvisoryTopology {
    /** What every segment partition sends the advisories; one partition, so one task sees the whole network. */
    public static final String ADVISORY_INPUTS = "advisory-inputs";
    /** The condition last advised about per segment, while it is active. */
    public static final String STORE = "advisory-memory-store";
    /** Recent advisories by event time (for the query API): key {@link #logKey}, value the advisory. */
    public static final String LOG_STORE = "advisory-issued-store";
    /** Each segment's routing time, closure and congestion, as of the advisories' watermark. */
    public static final String ROUTING_STORE = "advisory-routing-store";
    /** What waits for every segment partition to pass its time ({@link AdvisoryOrder}). */
    public static final String ORDER_STORE = "advisory-order-store";
    /** How far each segment partition has evaluated. */
    public static final String CLOCK_STORE = "advisory-clock-store";

    /** Keys of the waiting events kept as objects: a backlog's worth of grid steps of a busy network. */
    static final int CACHED_WAITING = 16384;

    public static final Duration LOG_RETENTION = Duration.ofHours(24);

    private final Topics topics;
    private final AdvisoryThresholds rules;
    private final long hotspotWindowHours;
    private final NetworkView networkView;
    private final PipelineMetrics metrics;
    private final int partitions;
    private final RoutingGraphCache graphs = new RoutingGraphCache();

    public AdvisoryTopology(PipelineContext context, AdvisoryThresholds rules, long hotspotWindowHours) {
        this.topics = context.topics();
        this.rules = rules;
        this.hotspotWindowHours = hotspotWindowHours;
        this.networkView = context.networkView();
        this.metrics = context.metrics();
        this.partitions = context.partitions();
    }

    /** The mirror's events (its segments' new states, how far it has evaluated) and the hotspot changes. */
    public record Inputs(KStream<String, SegmentEvent> mirrorEvents, KStream<String, HotspotUpdate> hotspots) {}

    /** The advisories issued (also written to routing.advisories), for whatever comes after. */
    public record Outputs(KStream<String, RoutingAdvisory> advisories) {}

    /** Advisory log keys sort by event time: zero-padded millis, segment, advisory id. */
    public static String logKey(long eventTime, String segmentId, String advisoryId) {
        return logKeyFrom(eventTime) + "|" + segmentId + "|" + advisoryId;
    }

    /** The smallest log key at this event time: a range from here holds every advisory at or after it. */
    public static String logKeyFrom(long eventTime) {
        String time = Long.toString(Math.max(0, eventTime));
        return "0".repeat(Math.max(0, 15 - time.length())) + time;
    }

    public Outputs build(StreamsBuilder builder, Inputs inputs) {
        KStream<String, SegmentEvent> mirrorEvents = inputs.mirrorEvents();
        // Every partition's new states and how far it has evaluated, and the hotspots, to one task: it takes them in
        // event-time order once every partition has passed them, so a detour routes over the states as of its time.
        KStream<String, AdvisoryEvent> fromMirror = mirrorEvents
                .filter(
                        (segment, event) -> event.update() != null || event.evaluated() != null,
                        Named.as("mirror-to-advisories"))
                .process(AdvisoryFeed::new, Named.as("advisory-feed"));
        KStream<String, AdvisoryEvent> fromHotspots = inputs.hotspots()
                .filter((segment, update) -> update.becameHotspot(), Named.as("became-hotspots"))
                .mapValues(update -> AdvisoryEvents.of(update), Named.as("hotspot-advisory-events"));
        KStream<String, RoutingAdvisory> advisories = fromMirror
                .merge(fromHotspots, Named.as("advisory-events"))
                .repartition(Repartitioned.with(Serdes.String(), VersionedSerde.of(AdvisoryEvent.class))
                        .withName(ADVISORY_INPUTS)
                        .withNumberOfPartitions(1))
                .process(
                        ProcessorSuppliers.withStores(
                                () -> new AdvisoryProcessor(
                                        rules, hotspotWindowHours, networkView, graphs, metrics, partitions),
                                StoreBuilders.bytesKeyed(
                                        ORDER_STORE, VersionedSerde.of(AdvisoryEvent.class), CACHED_WAITING),
                                StoreBuilders.versioned(CLOCK_STORE, MirrorClock.class),
                                StoreBuilders.versioned(ROUTING_STORE, RoutingWeight.class),
                                StoreBuilders.keyValue(STORE, AdvisoryStores.memories()),
                                Stores.keyValueStoreBuilder(
                                        Stores.persistentKeyValueStore(LOG_STORE),
                                        Serdes.String(),
                                        AdvisoryStores.log())),
                        Named.as("advisory-policy"));
        advisories.to(
                topics.routingAdvisories.name(),
                Produced.with(topics.routingAdvisories.keySerde(), topics.routingAdvisories.valueSerde())
                        .withName("routing-advisories-sink"));
        return new Outputs(advisories);
    }
}
