package io.roadmirror.incidents;

import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;

/**
 * What the pipeline remembers of one incident id: where it is, what it is, whether it is open.
 * Kept after clearing (for a while) so duplicates and stale re-sends are recognised.
 */
public record IncidentState(
        String incidentId,
        String segmentId,
        IncidentType type,
        int severity,
        boolean open,
        IncidentSource source,
        long openedAt,
        long lastChangeAt,
        String description) {}
