package io.roadmirror.advisories;

import io.roadmirror.hotspots.HotspotUpdate;
import io.roadmirror.mirror.LiveState;
import io.roadmirror.mirror.MirrorUpdate;
import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.BecameHotspot;
import io.roadmirror.state.EvaluatedThrough;
import io.roadmirror.state.OpenIncidentEntry;
import io.roadmirror.state.RoutingChange;
import io.roadmirror.state.SegmentChange;
import java.util.List;

/** What a segment partition sends the advisories ({@link AdvisoryEvent}), from the mirror's and hotspots' output. */
final class AdvisoryEvents {
    private AdvisoryEvents() {}

    /** A segment's transition: its routing time, and a condition to judge. */
    static AdvisoryEvent of(MirrorUpdate update) {
        LiveState state = update.state();
        double routing = routingSeconds(state);
        List<OpenIncidentEntry> open = update.openIncidents().stream()
                .map(i -> new OpenIncidentEntry(i.incidentId(), i.type().name(), i.severity(), i.openedAt()))
                .toList();
        SegmentChange change = new SegmentChange(
                state.congestion().name(), state.speedKph(), state.travelTimeSeconds(), routing, open);
        return new AdvisoryEvent(state.asOf(), change, null, null, List.of());
    }

    /** A segment's new routing time, closure and congestion, from a state that is not a transition. */
    static RoutingChange routingChange(String segmentId, MirrorUpdate update) {
        LiveState state = update.state();
        boolean closed = update.openIncidents().stream().anyMatch(i -> i.type() == IncidentType.CLOSURE);
        return new RoutingChange(
                segmentId,
                state.asOf(),
                routingSeconds(state),
                closed,
                state.congestion().name());
    }

    /** The time a detour over the segment counts: its travel time, its free-flow time when the mirror does not know. */
    private static double routingSeconds(LiveState state) {
        return state.congestion() == CongestionLevel.UNKNOWN
                ? state.freeFlowTravelTimeSeconds()
                : state.travelTimeSeconds();
    }

    /** The segment became a HOTSPOT (only that is advised), at the end of the window that made it one. */
    static AdvisoryEvent of(HotspotUpdate update) {
        return new AdvisoryEvent(
                update.assessment().windowEnd(),
                null,
                new BecameHotspot(
                        update.assessment().incidentIds(), update.assessment().incidentCount()),
                null,
                List.of());
    }

    /** How far a partition has evaluated, with the routing changes that evaluation made. */
    static AdvisoryEvent of(SegmentEvent.Evaluated evaluated, List<RoutingChange> routing) {
        return new AdvisoryEvent(evaluated.through(), null, null, new EvaluatedThrough(evaluated.partition()), routing);
    }

    static CongestionLevel congestion(SegmentChange change) {
        return CongestionLevel.valueOf(change.getCongestion());
    }

    static List<OpenIncident> openIncidents(SegmentChange change) {
        return change.getOpenIncidents().stream()
                .map(i -> new OpenIncident(
                        i.getIncidentId(), IncidentType.valueOf(i.getType()), i.getSeverity(), i.getOpenedAt()))
                .toList();
    }

    static boolean closed(SegmentChange change) {
        return change.getOpenIncidents().stream()
                .anyMatch(i -> IncidentType.CLOSURE.name().equals(i.getType()));
    }
}
