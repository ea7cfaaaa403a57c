package io.roadmirror.sim;

import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;

/**
 * What really happened on the road (the ground truth), and how it gets reported.
 *
 * @param reportedBy who reports it (null: nobody; only the pipeline's detector can find it)
 * @param reportDelayMs how long after the start the report comes
 * @param crashOffsetMeters where the stopped vehicles of a crash stand (crashes only)
 */
public record TrueIncident(
        String incidentId,
        String segmentId,
        IncidentType type,
        int severity,
        long start,
        long end,
        IncidentSource reportedBy,
        long reportDelayMs,
        double crashOffsetMeters) {

    /** Share of the segment's capacity the incident takes away. */
    public double capacityTaken() {
        return capacityTaken(type, severity);
    }

    /** Share of a segment's capacity an incident of this type and severity takes away (what-if uses it too). */
    public static double capacityTaken(IncidentType type, int severity) {
        return switch (type) {
            case CLOSURE -> 1.0;
            case CRASH -> Math.min(0.85, 0.2 * severity);
            case ROADWORK -> 0.45;
            case STALLED_VEHICLE -> 0.3;
            case WEATHER -> 0.25;
            case HAZARD -> 0.2;
        };
    }
}
