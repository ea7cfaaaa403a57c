package io.roadmirror.mirror;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.incidents.VehicleStop;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.state.IncidentInput;
import io.roadmirror.state.OpenIncidentState;
import io.roadmirror.state.ProbeInput;
import io.roadmirror.state.ReadingInput;
import io.roadmirror.state.SegmentInput;

/** The mirror's inputs in the form they travel in on the segment-inputs repartition topic, and back. */
public final class SegmentInputs {
    private SegmentInputs() {}

    public static SegmentInput of(SensorReading r, long ingestedAt) {
        return input(
                ingestedAt,
                new ReadingInput(
                        r.getSensorId(),
                        r.getEventTime().toEpochMilli(),
                        r.getSpeedKph(),
                        r.getVehicleCount(),
                        r.getOccupancyPct(),
                        r.getIntervalSeconds()),
                null,
                null);
    }

    public static SegmentInput of(ProbeInput probe, long ingestedAt) {
        return input(ingestedAt, null, probe, null);
    }

    public static SegmentInput of(IncidentChange change) {
        return input(0, null, null, incident(change));
    }

    public static SegmentInput of(VehicleStop stop) {
        SegmentInput input = input(0, null, null, null);
        input.setStop(stop.toInput());
        return input;
    }

    static IncidentInput incident(IncidentChange c) {
        return new IncidentInput(
                c.kind().name(),
                c.incidentId(),
                c.type().name(),
                c.severity(),
                c.eventTime(),
                c.openedAt(),
                c.source().name());
    }

    static IncidentChange change(String segmentId, IncidentInput i) {
        return new IncidentChange(
                IncidentChange.Kind.valueOf(i.getKind()),
                i.getIncidentId(),
                segmentId,
                IncidentType.valueOf(i.getType()),
                i.getSeverity(),
                i.getEventTime(),
                i.getOpenedAt(),
                IncidentSource.valueOf(i.getSource()));
    }

    static OpenIncident open(OpenIncidentState s) {
        return new OpenIncident(s.getIncidentId(), IncidentType.valueOf(s.getType()), s.getSeverity(), s.getOpenedAt());
    }

    private static SegmentInput input(long ingestedAt, ReadingInput reading, ProbeInput probe, IncidentInput incident) {
        // upstream, progress and countAt are stamped by SourceProgress just before the repartition
        return new SegmentInput(-1, -1L, false, ingestedAt, reading, probe, incident, null, -1L);
    }
}
