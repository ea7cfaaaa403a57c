package io.roadmirror.mirror;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.ingest.IngestTopology;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.NetworkView;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.StateSerde;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The live mirror (DESIGN.md "Mirror"): sensor readings, probe positions and incident changes,
 * re-keyed by segment, meet in one processor per segment that fuses them over the trailing
 * horizon and publishes each segment's {@link SegmentState} to mirror.segments when it changes.
 * mirror.segments is also read back as a global table: routing needs every segment's live travel
 * time on every instance.
 */
public final class MirrorTopology {
    public static final String STORE = "mirror-store";
    public static final String EXPIRY_STORE = "mirror-expiry-index";
    /** The last {@value StateHistory#CAPACITY} published states per segment (for the query API). */
    public static final String HISTORY_STORE = "mirror-history-store";
    public static final String GLOBAL_STORE = "mirror-segments-global-store";
    public static final String READINGS_BY_SEGMENT = "readings-by-segment";
    public static final String PROBES_BY_SEGMENT = "probes-by-segment";

    private final Topics topics;
    private final MirrorRules rules;
    private final PipelineMetrics metrics;
    private final int partitions;
    private final LongSupplier wallClock;
    private final NetworkView networkView;

    public MirrorTopology(Topics topics, MirrorRules rules, PipelineMetrics metrics, int partitions, LongSupplier wallClock,
                          NetworkView networkView) {
        this.topics = topics;
        this.rules = rules;
        this.metrics = metrics;
        this.partitions = partitions;
        this.wallClock = wallClock;
        this.networkView = networkView;
    }

    /** @return every mirror update, for the advisories */
    public KStream<String, MirrorUpdate> build(StreamsBuilder builder, IngestTopology.ValidInput input,
                                               KStream<String, IncidentChange> incidentChangesBySegment) {
        KStream<String, MirrorInput> readings = input.readings()
                .map((sensor, r) -> KeyValue.pair(r.getSegmentId(), MirrorInput.of(r, wallClock.getAsLong())), Named.as("readings-to-segments"))
                .repartition(bySegment(READINGS_BY_SEGMENT));
        KStream<String, MirrorInput> probes = input.positions()
                .map((vehicle, p) -> KeyValue.pair(p.getSegmentId(), MirrorInput.of(p, wallClock.getAsLong())), Named.as("probes-to-segments"))
                .repartition(bySegment(PROBES_BY_SEGMENT));
        KStream<String, MirrorInput> incidents = incidentChangesBySegment.mapValues(change -> MirrorInput.of(change), Named.as("incidents-to-mirror"));

        KStream<String, MirrorUpdate> updates = readings
                .merge(probes, Named.as("mirror-merge-probes"))
                .merge(incidents, Named.as("mirror-merge-incidents"))
                .process(ProcessorSuppliers.withStores(() -> new MirrorProcessor(rules, metrics, networkView),
                        StoreBuilders.keyValue(STORE, SegmentFusion.class), StoreBuilders.keyValue(HISTORY_STORE, StateHistory.class),
                        ExpiryIndex.storeBuilder(EXPIRY_STORE)), Named.as("mirror-fusion"));

        updates.filter((segment, update) -> update.published(), Named.as("mirror-published"))
                .mapValues(update -> update.state().toAvro(), Named.as("mirror-to-avro"))
                .to(topics.mirrorSegments.name(), Produced.with(topics.mirrorSegments.keySerde(), topics.mirrorSegments.valueSerde())
                        .withName("mirror-segments-sink"));
        return updates;
    }

    /** mirror.segments as a global table, for routing over every segment's live travel time. */
    public GlobalKTable<String, SegmentState> buildGlobal(StreamsBuilder builder) {
        return builder.globalTable(topics.mirrorSegments.name(),
                Consumed.with(topics.mirrorSegments.keySerde(), topics.mirrorSegments.valueSerde()).withName("mirror-segments-global"),
                Materialized.<String, SegmentState, KeyValueStore<Bytes, byte[]>>as(GLOBAL_STORE)
                        .withKeySerde(topics.mirrorSegments.keySerde()).withValueSerde(topics.mirrorSegments.valueSerde()));
    }

    private Repartitioned<String, MirrorInput> bySegment(String name) {
        return Repartitioned.with(Serdes.String(), StateSerde.of(MirrorInput.class)).withName(name).withNumberOfPartitions(partitions);
    }
}
