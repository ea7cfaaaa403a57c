package io.roadmirror.mirror;

import io.roadmirror.incidents.IncidentChange;

/**
 * What the mirror passes on to the hotspots and advisories of the same task, in event-time order
 * per segment: a segment's new state, an incident change at the moment it became due, or a tick
 * (the watermark passed {@code tick}) for rules that act on time alone. Exactly one is set.
 */
public record SegmentEvent(MirrorUpdate update, IncidentChange incident, Long tick) {
    public static SegmentEvent of(MirrorUpdate update) {
        return new SegmentEvent(update, null, null);
    }

    public static SegmentEvent of(IncidentChange change) {
        return new SegmentEvent(null, change, null);
    }

    public static SegmentEvent tick(long time) {
        return new SegmentEvent(null, null, time);
    }
}
