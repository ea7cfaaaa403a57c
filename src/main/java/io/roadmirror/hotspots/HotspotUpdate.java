package io.roadmirror.hotspots;

import io.roadmirror.model.Hotspot;
import io.roadmirror.model.HotspotLevel;
import java.time.Instant;

/** A published change of a segment's hotspot standing, with the level it had before. */
public record HotspotUpdate(String segmentId, IncidentHistory.Assessment assessment, HotspotLevel previousLevel) {

    public boolean becameHotspot() {
        return assessment.level() == HotspotLevel.HOTSPOT && previousLevel != HotspotLevel.HOTSPOT;
    }

    public Hotspot toAvro() {
        return Hotspot.newBuilder()
                .setSegmentId(segmentId)
                .setWindowStart(Instant.ofEpochMilli(assessment.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(assessment.windowEnd()))
                .setLevel(assessment.level())
                .setIncidentCount(assessment.incidentCount())
                .setSeverityScore(assessment.severityScore())
                .setIncidentIds(assessment.incidentIds())
                .build();
    }
}
