package io.roadmirror.mirror;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;

/**
 * One input of the mirror for a segment, as it travels on the mirror's repartition topics:
 * exactly one of a sensor reading, a probe position or an incident change.
 *
 * @param ingestedAt wall-clock time the input passed validation (0 when unknown), for the latency metric
 */
public record MirrorInput(SensorSample reading, ProbeSample probe, IncidentChange incident, long ingestedAt) {

    public static MirrorInput of(SensorReading r, long ingestedAt) {
        return new MirrorInput(new SensorSample(r.getSensorId(), r.getEventTime().toEpochMilli(), r.getSpeedKph(), r.getVehicleCount(),
                r.getOccupancyPct(), r.getIntervalSeconds()), null, null, ingestedAt);
    }

    public static MirrorInput of(VehiclePosition p, long ingestedAt) {
        return new MirrorInput(null, new ProbeSample(p.getVehicleId(), p.getEventTime().toEpochMilli(), p.getSpeedKph()), null, ingestedAt);
    }

    public static MirrorInput of(IncidentChange change) {
        return new MirrorInput(null, null, change, 0);
    }

    /** The fusion after this input, or null when it changes nothing (a duplicate or an older reading). */
    SegmentFusion applyTo(SegmentFusion fusion) {
        if (reading != null) {
            return fusion.withReading(reading);
        }
        if (probe != null) {
            return fusion.withProbe(probe);
        }
        return switch (incident.kind()) {
            case OPENED, UPDATED -> fusion.withIncidentOpen(new OpenIncident(incident.incidentId(), incident.type(),
                    incident.severity(), incident.openedAt()));
            case CLEARED -> fusion.withIncidentCleared(incident.incidentId());
        };
    }
}
