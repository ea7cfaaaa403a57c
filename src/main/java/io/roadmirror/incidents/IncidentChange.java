package io.roadmirror.incidents;

import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;

/**
 * A real change of an incident, after de-duplication: it opened, changed type or severity while
 * open, or cleared. This is what the mirror, the hotspots and the advisories react to.
 */
public record IncidentChange(
        Kind kind,
        String incidentId,
        String segmentId,
        IncidentType type,
        int severity,
        long eventTime,
        long openedAt,
        IncidentSource source) {

    public enum Kind {
        OPENED,
        UPDATED,
        CLEARED
    }
}
