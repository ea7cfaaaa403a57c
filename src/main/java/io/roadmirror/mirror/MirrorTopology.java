package io.roadmirror.mirror;

import io.roadmirror.incidents.CrashDetector;
import io.roadmirror.incidents.DetectorThresholds;
import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.incidents.TrackEvent;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.NetworkView;
import io.roadmirror.serde.RegistryPatientDeserializer;
import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.PendingChanges;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.state.SegmentLedger;
import io.roadmirror.state.SourcePromise;
import io.roadmirror.streams.InputLags;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.streams.VersionedSerde;
import io.roadmirror.topics.Topics;
import java.util.List;
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
 * The live mirror (DESIGN.md "Mirror"). Sensor readings, probe positions and stops (from the
 * vehicle tracks) and incident changes, keyed by segment, leave their source tasks through ONE
 * repartition topic ({@value #SEGMENT_INPUTS}), stamped with how far each source has come; one
 * processor per segment partition files them by event time and evaluates each segment on a grid
 * of event times as the watermark of all sources passes ({@link MirrorProcessor}). Out come the
 * changed states to mirror.segments, and, for the hotspots and advisories of the same task, the
 * mirror's updates and the incident changes in event-time order ({@link SegmentEvent}), and the
 * crashes detected from the stops, for incident.reports.
 */
public final class MirrorTopology {
    /** Each segment's running sums, sensors, incidents and last published state. */
    public static final String STORE = "mirror-store";
    /** Each segment's changes filed by event time, not evaluated yet, in blocks of grid times ({@link PendingBlocks}). */
    public static final String CHANGES_STORE = "mirror-changes-store";
    /** How far every source has come (the watermark). */
    public static final String CLOCK_STORE = "mirror-clock-store";
    /** What each source task has promised the segment side (SourceProgress): kept across restarts and moves. */
    public static final String PROMISE_STORE = "segment-inputs-progress-store";
    /** The last {@value StateHistory#CAPACITY} published states per segment (for the query API). */
    public static final String HISTORY_STORE = "mirror-history-store";

    /** Keys each segment task keeps as objects (ObjectCachingStore): a task's busy segments, their pending changes. */
    static final int CACHED_LEDGERS = 4096;

    /** Blocks of pending changes (each up to {@value PendingBlocks#TICKS_PER_BLOCK} grid times). */
    static final int CACHED_CHANGES = 4096;

    static final int CACHED_HISTORIES = 1024;

    public static final String SEGMENT_INPUTS = "segment-inputs";
    /** mirror.segments read back whole on every instance: routing needs every segment's live travel time. */
    public static final String GLOBAL_STORE = "mirror-segments-global-store";

    /** What the mirror reads, keyed by segment, in the source tasks. */
    public record Inputs(
            KStream<String, SensorReading> readings,
            KStream<String, TrackEvent> tracksBySegment,
            KStream<String, IncidentChange> incidentChangesBySegment) {}

    /**
     * What comes out besides mirror.segments: the events of the segment side for the hotspots and
     * advisories, and the crashes its crash rule detected, keyed by incident id, for incident.reports.
     */
    public record Outputs(KStream<String, SegmentEvent> events, KStream<String, IncidentReport> detectedIncidents) {}

    private final Topics topics;
    private final MirrorThresholds rules;
    private final DetectorThresholds detectorRules;
    private final PipelineMetrics metrics;
    private final int partitions;
    private final LongSupplier wallClock;
    private final NetworkView networkView;
    private final InputLags inputLags;

    public MirrorTopology(PipelineContext context, MirrorThresholds rules, DetectorThresholds detectorRules) {
        this.topics = context.topics();
        this.rules = rules;
        this.detectorRules = detectorRules;
        this.metrics = context.metrics();
        this.partitions = context.partitions();
        this.wallClock = context.wallClock();
        this.networkView = context.networkView();
        this.inputLags = context.inputLags();
    }

    public Outputs build(StreamsBuilder builder, Inputs inputs) {
        KStream<String, SegmentInput> readings = inputs.readings()
                .map(
                        (sensor, r) -> KeyValue.pair(r.getSegmentId(), SegmentInputs.of(r, wallClock.getAsLong())),
                        Named.as("readings-to-segments"));
        KStream<String, SegmentInput> tracks = inputs.tracksBySegment()
                .mapValues(
                        event -> event.probe() != null
                                ? SegmentInputs.of(event.probe(), wallClock.getAsLong())
                                : SegmentInputs.of(event.stop()),
                        Named.as("tracks-to-segments"));
        KStream<String, SegmentInput> incidents = inputs.incidentChangesBySegment()
                .mapValues(change -> SegmentInputs.of(change), Named.as("incidents-to-segments"));

        KStream<String, SegmentEvent> events = readings.merge(tracks, Named.as("segment-inputs-merge-tracks"))
                .merge(incidents, Named.as("segment-inputs-merge-incidents"))
                .process(
                        ProcessorSuppliers.withStores(
                                () -> new SourceProgress(inputLags, sourceTopics(), rules.tick()),
                                StoreBuilders.versioned(PROMISE_STORE, SourcePromise.class)),
                        Named.as("segment-inputs-progress"))
                .repartition(Repartitioned.with(Serdes.String(), VersionedSerde.of(SegmentInput.class))
                        .withName(SEGMENT_INPUTS)
                        .withNumberOfPartitions(partitions)
                        .withStreamPartitioner(SourceProgress.PARTITIONER))
                .process(
                        ProcessorSuppliers.withStores(
                                () -> new MirrorProcessor(rules, detectorRules, metrics, networkView, partitions),
                                StoreBuilders.versioned(STORE, SegmentLedger.class, CACHED_LEDGERS),
                                StoreBuilders.bytesKeyed(
                                        CHANGES_STORE, VersionedSerde.of(PendingChanges.class), CACHED_CHANGES),
                                StoreBuilders.versioned(CLOCK_STORE, MirrorClock.class),
                                StoreBuilders.keyValue(HISTORY_STORE, MirrorStores.histories(), CACHED_HISTORIES),
                                CrashDetector.storeBuilder()),
                        Named.as("mirror-fusion"));

        events.filter(
                        (segment, event) ->
                                event.update() != null && event.update().published(),
                        Named.as("mirror-published"))
                .mapValues(event -> event.update().state().toAvro(), Named.as("mirror-to-avro"))
                .to(
                        topics.mirrorSegments.name(),
                        Produced.with(topics.mirrorSegments.keySerde(), topics.mirrorSegments.valueSerde())
                                .withName("mirror-segments-sink"));
        KStream<String, IncidentReport> detected = events.filter(
                        (key, event) -> event.detected() != null, Named.as("mirror-detected-crashes"))
                .mapValues(SegmentEvent::detected, Named.as("detected-crash-reports"));
        KStream<String, SegmentEvent> segmentEvents =
                events.filter((key, event) -> event.detected() == null, Named.as("mirror-segment-events"));
        return new Outputs(segmentEvents, detected);
    }

    /** mirror.segments as a global table (registered once, in the pipeline, for whoever routes). */
    public static GlobalKTable<String, SegmentState> globalTable(StreamsBuilder builder, Topics topics) {
        return builder.globalTable(
                topics.mirrorSegments.name(),
                Consumed.with(
                                topics.mirrorSegments.keySerde(),
                                RegistryPatientDeserializer.patient(topics.mirrorSegments.valueSerde()))
                        .withName("mirror-segments-global"),
                Materialized.<String, SegmentState, KeyValueStore<Bytes, byte[]>>as(GLOBAL_STORE)
                        .withKeySerde(topics.mirrorSegments.keySerde())
                        .withValueSerde(topics.mirrorSegments.valueSerde()));
    }

    /** The topics the source tasks read: a source is idle only when it has fetched all of them. */
    private List<String> sourceTopics() {
        return List.of(topics.sensorReadings.name(), topics.vehiclePositions.name(), topics.incidentReports.name());
    }
}
