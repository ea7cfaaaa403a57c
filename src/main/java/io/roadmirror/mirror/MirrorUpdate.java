package io.roadmirror.mirror;

import java.util.List;

/**
 * The mirror's output for a segment: its new live state, the open incidents behind it, whether
 * the state changed for subscribers ({@code published}), whether the open incidents changed, and
 * whether it is a transition the advisories must judge (congestion level or open incidents changed).
 */
public record MirrorUpdate(
        LiveState state,
        List<OpenIncident> openIncidents,
        boolean published,
        boolean incidentsChanged,
        boolean transition) {
    public MirrorUpdate {
        openIncidents = List.copyOf(openIncidents);
    }
}
