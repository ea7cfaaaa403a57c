package io.roadmirror.advisories;

import java.util.List;

/** The CLOSURE incidents open on a segment: a closed segment is left out of every detour. */
public record SegmentClosures(List<String> incidentIds) {
    public SegmentClosures {
        incidentIds = List.copyOf(incidentIds);
    }
}
