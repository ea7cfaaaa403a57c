package io.roadmirror.whatif;

import java.util.List;

/**
 * A what-if as asked (docs/design.md "v2"): segments to close, incidents to place, from when and
 * for how long. Nothing is checked yet: {@link WhatIfPlanner} judges it.
 *
 * @param startMs         epoch milliseconds, or null for "now"
 * @param durationMinutes how long the changes would last
 */
public record WhatIfQuestion(List<String> closures, List<IncidentAt> incidents, Long startMs, int durationMinutes) {
    /** An incident placed on a segment, with its severity 1-5 (it takes capacity as a crash of that severity would). */
    public record IncidentAt(String segmentId, int severity) {}

    public WhatIfQuestion {
        closures = closures == null
                ? List.of()
                : closures.stream().map(id -> id == null ? "" : id).toList();
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }
}
