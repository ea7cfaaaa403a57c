package io.roadmirror.incidents;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Incidents (DESIGN.md "Incidents"):
 * <ol>
 *   <li>incident.reports, validated, are de-duplicated per incidentId into real changes (opened,
 *       updated, cleared), keyed by segment for the mirror (which passes them on to the hotspots and
 *       advisories in event-time order);</li>
 *   <li>vehicle.positions, validated, feed each vehicle's track: its speed goes to the mirror, and
 *       the stopped-vehicle rule runs per vehicle; its stops and moves go to the segment side with
 *       the mirror's other inputs, where the crash rule ({@link CrashDetector}) takes them in
 *       event-time order behind the watermark; the crashes it opens and clears come back here to be
 *       published on incident.reports (source DETECTED);</li>
 *   <li>an open incident no report touches for {@code incident.max-open} is closed with a CLEARED
 *       report written to incident.reports (DESIGN.md "Incidents").</li>
 * </ol>
 */
public final class IncidentTopology {
    public static final String INCIDENT_STORE = "incident-store";
    public static final String INCIDENT_EXPIRY_STORE = "incident-expiry-index";
    public static final String VEHICLE_STORE = "vehicle-track-store";
    /**
     * Vehicles whose track a task keeps as objects (ObjectCachingStore). Every vehicle comes back only after all the
     * others have reported (every 30 s on a connected expressway), so a cache smaller than a task's share of the fleet
     * misses on every position: 10^5 vehicles over 6 partitions are about 17,000 per task. About 300 bytes a track
     * (its key, the record and the cache's entry), so 10 MB per source task at most.
     */
    static final int CACHED_TRACKS = 32_768;

    public static final String VEHICLE_EXPIRY_STORE = "vehicle-track-expiry-index";
    /** The crash rule's memory per segment; held by the segment side ({@link CrashDetector#storeBuilder()}). */
    public static final String STOPS_STORE = "segment-stops-store";

    private final Topics topics;
    private final DetectorThresholds rules;

    public IncidentTopology(PipelineContext context, DetectorThresholds rules) {
        this.topics = context.topics();
        this.rules = rules;
    }

    /** The valid gateway input it takes (from the ingest topology). */
    public record Inputs(KStream<String, VehiclePosition> positions, KStream<String, IncidentReport> reports) {}

    /**
     * What the mirror takes from here, keyed by segment, still in the source tasks (the mirror repartitions them
     * together). The vehicle tracks' speeds and stops stay one stream: a position passes as few processors as it can.
     */
    public record Outputs(
            KStream<String, IncidentChange> changesBySegment, KStream<String, TrackEvent> tracksBySegment) {}

    public Outputs build(StreamsBuilder builder, Inputs input) {
        KStream<String, TrackEvent> tracks = input.positions().process(vehicleTracks(), Named.as("vehicle-tracks"));
        KStream<String, Object> lifecycle = input.reports().process(lifecycle(), Named.as("incident-lifecycle"));
        lifecycle
                .flatMapValues(
                        v -> v instanceof IncidentReport expired ? List.of(expired) : List.<IncidentReport>of(),
                        Named.as("expired-incidents"))
                .to(
                        topics.incidentReports.name(),
                        Produced.with(topics.incidentReports.keySerde(), topics.incidentReports.valueSerde())
                                .withName("expired-incidents-sink"));
        KStream<String, IncidentChange> changes = lifecycle.flatMapValues(
                v -> v instanceof IncidentChange change ? List.of(change) : List.<IncidentChange>of(),
                Named.as("incident-changes"));
        return new Outputs(changes, tracks);
    }

    /** Publishes the crashes the segment side detected (opened and cleared) on incident.reports, keyed by incident id. */
    public void publishDetected(KStream<String, IncidentReport> detected) {
        detected.to(
                topics.incidentReports.name(),
                Produced.with(topics.incidentReports.keySerde(), topics.incidentReports.valueSerde())
                        .withName("detected-incidents-sink"));
    }

    private ProcessorSupplier<String, IncidentReport, String, Object> lifecycle() {
        return ProcessorSuppliers.withStores(
                () -> new IncidentLifecycleProcessor(rules),
                StoreBuilders.keyValue(INCIDENT_STORE, IncidentStores.incidents()),
                ExpiryIndex.storeBuilder(INCIDENT_EXPIRY_STORE));
    }

    private ProcessorSupplier<String, VehiclePosition, String, TrackEvent> vehicleTracks() {
        return ProcessorSuppliers.withStores(
                () -> new VehicleTrackProcessor(rules),
                StoreBuilders.keyValue(VEHICLE_STORE, IncidentStores.tracks(), CACHED_TRACKS),
                ExpiryIndex.storeBuilder(VEHICLE_EXPIRY_STORE));
    }
}
