package io.roadmirror.incidents;

import io.roadmirror.ingest.IngestTopology;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.StateSerde;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Incidents (DESIGN.md "Incidents"):
 * <ol>
 *   <li>incident.reports, validated, are de-duplicated per incidentId into real changes (opened,
 *       updated, cleared), re-keyed by segment for the mirror, hotspots and advisories;</li>
 *   <li>vehicle.positions, validated, feed the stopped-vehicle rule per vehicle; stops meet per
 *       segment, where two or more stopped vehicles at one position are a CRASH written back to
 *       incident.reports (source DETECTED), and CLEARED when they move;</li>
 *   <li>an open incident no report touches for {@code incident.max-open} is closed with a CLEARED
 *       report written to incident.reports (DESIGN.md "Incidents").</li>
 * </ol>
 */
public final class IncidentTopology {
    public static final String INCIDENT_STORE = "incident-store";
    public static final String INCIDENT_EXPIRY_STORE = "incident-expiry-index";
    public static final String VEHICLE_STORE = "vehicle-track-store";
    public static final String VEHICLE_EXPIRY_STORE = "vehicle-track-expiry-index";
    public static final String STOPS_STORE = "segment-stops-store";
    public static final String CHANGES_BY_SEGMENT = "incident-changes-by-segment";
    public static final String STOPS_BY_SEGMENT = "vehicle-stops-by-segment";

    private final Topics topics;
    private final DetectorRules rules;
    private final PipelineMetrics metrics;
    private final int partitions;

    public IncidentTopology(Topics topics, DetectorRules rules, PipelineMetrics metrics, int partitions) {
        this.topics = topics;
        this.rules = rules;
        this.metrics = metrics;
        this.partitions = partitions;
    }

    /** @return incident changes keyed by segmentId */
    public KStream<String, IncidentChange> build(StreamsBuilder builder, IngestTopology.ValidInput input) {
        detectCrashes(input.positions());
        KStream<String, Object> lifecycle = input.incidents().process(lifecycle(), Named.as("incident-lifecycle"));
        lifecycle.flatMapValues(v -> v instanceof IncidentReport expired ? List.of(expired) : List.<IncidentReport>of(),
                        Named.as("expired-incidents"))
                .to(topics.incidentReports.name(), Produced.with(topics.incidentReports.keySerde(), topics.incidentReports.valueSerde())
                        .withName("expired-incidents-sink"));
        return lifecycle
                .flatMapValues(v -> v instanceof IncidentChange change ? List.of(change) : List.<IncidentChange>of(),
                        Named.as("incident-changes"))
                .repartition(Repartitioned.with(Serdes.String(), StateSerde.of(IncidentChange.class))
                        .withName(CHANGES_BY_SEGMENT).withNumberOfPartitions(partitions));
    }

    private void detectCrashes(KStream<String, VehiclePosition> positions) {
        positions
                .process(vehicleTracks(), Named.as("stopped-vehicles"))
                .repartition(Repartitioned.with(Serdes.String(), StateSerde.of(VehicleStop.class))
                        .withName(STOPS_BY_SEGMENT).withNumberOfPartitions(partitions))
                .process(crashDetector(), Named.as("crash-detector"))
                .to(topics.incidentReports.name(), Produced.with(topics.incidentReports.keySerde(), topics.incidentReports.valueSerde())
                        .withName("detected-incidents-sink"));
    }

    private ProcessorSupplier<String, IncidentReport, String, Object> lifecycle() {
        return ProcessorSuppliers.withStores(() -> new IncidentLifecycleProcessor(rules),
                StoreBuilders.keyValue(INCIDENT_STORE, IncidentState.class), ExpiryIndex.storeBuilder(INCIDENT_EXPIRY_STORE));
    }

    private ProcessorSupplier<String, VehiclePosition, String, VehicleStop> vehicleTracks() {
        return ProcessorSuppliers.withStores(() -> new VehicleTrackProcessor(rules),
                StoreBuilders.keyValue(VEHICLE_STORE, VehicleTrack.class), ExpiryIndex.storeBuilder(VEHICLE_EXPIRY_STORE));
    }

    private ProcessorSupplier<String, VehicleStop, String, IncidentReport> crashDetector() {
        return ProcessorSuppliers.withStores(() -> new CrashDetectorProcessor(rules, metrics),
                StoreBuilders.keyValue(STOPS_STORE, SegmentStops.class));
    }
}
