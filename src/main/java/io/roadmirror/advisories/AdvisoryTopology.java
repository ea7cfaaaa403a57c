package io.roadmirror.advisories;

import io.roadmirror.hotspots.HotspotUpdate;
import io.roadmirror.mirror.MirrorUpdate;
import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.network.NetworkView;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Routing advisories (DESIGN.md "Advisories"): mirror transitions and hotspot changes of a
 * segment go through one processor that issues at most one advisory per change to
 * routing.advisories. Open closures are published per segment to a small compacted topic of the
 * application ({@code <application.id>-segment-closures}) and read back as a global table, so
 * every instance's detours avoid every closed segment.
 */
public final class AdvisoryTopology {
    public static final String STORE = "advisory-store";
    /** Each segment's congestion as of its last mirror transition (an INFO hotspot advisory names it). */
    public static final String CONGESTION_STORE = "advisory-congestion-store";
    /** Recent advisories by event time (for the query API): key {@link #logKey}, value the advisory. */
    public static final String LOG_STORE = "advisory-log-store";

    public static final Duration LOG_RETENTION = Duration.ofHours(24);
    public static final String CLOSURES_STORE = "segment-closures-global-store";
    public static final String CLOSURES_TOPIC_SUFFIX = "-segment-closures";

    private final Topics topics;
    private final AdvisoryThresholds rules;
    private final long hotspotWindowHours;
    private final NetworkView networkView;
    private final PipelineMetrics metrics;
    private final String closuresTopic;
    private final RoutingGraphCache graphs = new RoutingGraphCache();

    public AdvisoryTopology(PipelineContext context, AdvisoryThresholds rules, long hotspotWindowHours) {
        this.topics = context.topics();
        this.rules = rules;
        this.hotspotWindowHours = hotspotWindowHours;
        this.networkView = context.networkView();
        this.metrics = context.metrics();
        this.closuresTopic = closuresTopic(context.applicationId());
    }

    /** The mirror's events (transitions of a segment's condition, ticks) and the hotspot changes. */
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

    public static String closuresTopic(String applicationId) {
        return applicationId + CLOSURES_TOPIC_SUFFIX;
    }

    /**
     * The open closures of every segment as a global table (registered once, in the pipeline's step
     * for shared global tables): detours on every instance avoid every closed segment.
     */
    public static GlobalKTable<String, SegmentClosures> closuresTable(StreamsBuilder builder, PipelineContext context) {
        return builder.globalTable(
                closuresTopic(context.applicationId()),
                Consumed.with(Serdes.String(), AdvisoryStores.closures()).withName("segment-closures-global"),
                Materialized.<String, SegmentClosures, KeyValueStore<Bytes, byte[]>>as(CLOSURES_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(AdvisoryStores.closures()));
    }

    public Outputs build(StreamsBuilder builder, Inputs inputs) {
        KStream<String, SegmentEvent> mirrorEvents = inputs.mirrorEvents();
        KStream<String, MirrorUpdate> transitions = mirrorEvents
                .filter(
                        (segment, event) ->
                                event.update() != null && event.update().transition(),
                        Named.as("mirror-transitions"))
                .mapValues(SegmentEvent::update, Named.as("mirror-transition-updates"));
        KStream<String, AdvisoryInput> ticks = mirrorEvents
                .filter((segment, event) -> event.tick() != null, Named.as("mirror-ticks"))
                .mapValues(event -> AdvisoryInput.tick(event.tick()), Named.as("ticks-to-advisories"));
        transitions
                .filter((segment, update) -> update.incidentsChanged(), Named.as("incident-transitions"))
                .mapValues(AdvisoryTopology::closuresOf, Named.as("closures-of-segment"))
                .to(
                        closuresTopic,
                        Produced.with(Serdes.String(), AdvisoryStores.closures())
                                .withName("segment-closures-sink"));

        KStream<String, RoutingAdvisory> advisories = transitions
                .mapValues(update -> AdvisoryInput.of(update), Named.as("transitions-to-advisories"))
                .merge(
                        inputs.hotspots()
                                .mapValues(update -> AdvisoryInput.of(update), Named.as("hotspots-to-advisories")),
                        Named.as("advisory-inputs"))
                .merge(ticks, Named.as("advisory-inputs-ticks"))
                .process(
                        ProcessorSuppliers.withStores(
                                () -> new AdvisoryProcessor(rules, hotspotWindowHours, networkView, graphs, metrics),
                                StoreBuilders.keyValue(STORE, AdvisoryStores.memories()),
                                Stores.keyValueStoreBuilder(
                                                Stores.persistentKeyValueStore(CONGESTION_STORE),
                                                Serdes.String(),
                                                Serdes.String())
                                        .withCachingEnabled(),
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

    /** The segment's open closures, or null (a tombstone) when there are none. */
    static SegmentClosures closuresOf(MirrorUpdate update) {
        List<String> ids = update.openIncidents().stream()
                .filter(i -> i.type() == IncidentType.CLOSURE)
                .map(OpenIncident::incidentId)
                .sorted()
                .toList();
        return ids.isEmpty() ? null : new SegmentClosures(ids);
    }
}
