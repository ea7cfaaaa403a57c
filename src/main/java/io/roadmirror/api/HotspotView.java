package io.roadmirror.api;

import io.roadmirror.hotspots.IncidentHistory;
import io.roadmirror.model.Hotspot;
import java.util.List;

/** A segment's hotspot standing: incidents opened on it within the trailing window. */
public record HotspotView(
        String segmentId,
        String level,
        int incidentCount,
        int severityScore,
        List<String> incidentIds,
        String windowStart,
        String windowEnd) {

    static HotspotView of(String segmentId, IncidentHistory.Assessment a) {
        return new HotspotView(
                segmentId,
                a.level().name(),
                a.incidentCount(),
                a.severityScore(),
                a.incidentIds(),
                Times.iso(a.windowStart()),
                Times.iso(a.windowEnd()));
    }

    static HotspotView of(Hotspot h) {
        return new HotspotView(
                h.getSegmentId(),
                h.getLevel().name(),
                h.getIncidentCount(),
                h.getSeverityScore(),
                List.copyOf(h.getIncidentIds()),
                Times.iso(h.getWindowStart()),
                Times.iso(h.getWindowEnd()));
    }
}
