package io.roadmirror.mirror;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.model.IncidentReport;

/**
 * What the mirror passes on, in event-time order per segment: to the hotspots and advisories of the
 * same task, a segment's new state, an incident change at the moment it became due, or a tick (the
 * watermark passed {@code tick}) for rules that act on time alone; to be published on
 * incident.reports, a crash the segment's crash rule opened or cleared ({@code detected}); and, after
 * each evaluation that moved on or passed a state on (within the processing of the same input), how far
 * this partition has evaluated ({@code evaluated}), for whoever merges every partition in event-time
 * order (the advisories' detours). Exactly one is set.
 */
public record SegmentEvent(
        MirrorUpdate update, IncidentChange incident, Long tick, IncidentReport detected, Evaluated evaluated) {

    /** Partition {@code partition} has evaluated, and passed on, every grid time up to {@code through}. */
    public record Evaluated(int partition, long through) {}

    public static SegmentEvent of(MirrorUpdate update) {
        return new SegmentEvent(update, null, null, null, null);
    }

    public static SegmentEvent of(IncidentChange change) {
        return new SegmentEvent(null, change, null, null, null);
    }

    public static SegmentEvent tick(long time) {
        return new SegmentEvent(null, null, time, null, null);
    }

    public static SegmentEvent detected(IncidentReport report) {
        return new SegmentEvent(null, null, null, report, null);
    }

    public static SegmentEvent evaluated(int partition, long through) {
        return new SegmentEvent(null, null, null, null, new Evaluated(partition, through));
    }
}
