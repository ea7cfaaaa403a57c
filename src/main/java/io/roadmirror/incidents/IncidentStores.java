package io.roadmirror.incidents;

import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;
import io.roadmirror.state.KnownIncident;
import io.roadmirror.state.VehicleTrackState;
import io.roadmirror.streams.VersionedSerde;
import org.apache.kafka.common.serialization.Serde;

/** The incident side's store values on their versioned internal schemas, and the conversion to and from its records. */
public final class IncidentStores {
    private IncidentStores() {}

    /** {@code incident-store}: an {@link IncidentState} as {@link KnownIncident}. */
    public static Serde<IncidentState> incidents() {
        return VersionedSerde.of(KnownIncident.class).mapped(IncidentStores::toAvro, IncidentStores::fromAvro);
    }

    /** {@code vehicle-track-store}: a {@link VehicleTrack} as {@link VehicleTrackState}. */
    public static Serde<VehicleTrack> tracks() {
        return VersionedSerde.of(VehicleTrackState.class).mapped(IncidentStores::toAvro, IncidentStores::fromAvro);
    }

    static KnownIncident toAvro(IncidentState s) {
        return new KnownIncident(
                s.incidentId(),
                s.segmentId(),
                s.type().name(),
                s.severity(),
                s.open(),
                s.source().name(),
                s.openedAt(),
                s.lastChangeAt(),
                s.description());
    }

    static IncidentState fromAvro(KnownIncident s) {
        return new IncidentState(
                s.getIncidentId(),
                s.getSegmentId(),
                IncidentType.valueOf(s.getType()),
                s.getSeverity(),
                s.getOpen(),
                IncidentSource.valueOf(s.getSource()),
                s.getOpenedAt(),
                s.getLastChangeAt(),
                s.getDescription());
    }

    static VehicleTrackState toAvro(VehicleTrack t) {
        return new VehicleTrackState(
                t.vehicleId(),
                t.segmentId(),
                t.offsetMeters(),
                t.zeroReports(),
                t.stopped(),
                t.lastEventTime(),
                t.lastSpeedKph());
    }

    static VehicleTrack fromAvro(VehicleTrackState t) {
        return new VehicleTrack(
                t.getVehicleId(),
                t.getSegmentId(),
                t.getOffsetMeters(),
                t.getZeroReports(),
                t.getStopped(),
                t.getLastEventTime(),
                t.getLastSpeedKph());
    }
}
