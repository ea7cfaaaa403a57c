package io.roadmirror.mirror;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.model.IncidentReport;

/**
 * What the mirror passes on, in event-time order per segment: to the hotspots and advisories of the
 * same task, a segment's new state, an incident change at the moment it became due, or a tick (the
 * watermark passed {@code tick}) for rules that act on time alone; and, to be published on
 * incident.reports, a crash the segment's crash rule opened or cleared ({@code detected}). Exactly
 * one is set.
 */
public record SegmentEvent(MirrorUpdate update, IncidentChange incident, Long tick, IncidentReport detected) {
    public static SegmentEvent of(MirrorUpdate update) {
        return new SegmentEvent(update, null, null, null);
    }

    public static SegmentEvent of(IncidentChange change) {
        return new SegmentEvent(null, change, null, null);
    }

    public static SegmentEvent tick(long time) {
        return new SegmentEvent(null, null, time, null);
    }

    public static SegmentEvent detected(IncidentReport report) {
        return new SegmentEvent(null, null, null, report);
    }
}
