package io.roadmirror.routes;

import java.util.List;

/** The open incidents that close a segment to routes (a CLOSURE, or severity 3 or more), by segment, for every instance. */
public record RouteBlocks(List<String> incidentIds) {
    public RouteBlocks {
        incidentIds = List.copyOf(incidentIds);
    }
}
