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
import io.roadmirror.state.SegmentChange;
import java.util.List;

/** What a segment partition sends the advisories ({@link AdvisoryEvent}), from the mirror's and hotspots' output. */
final class AdvisoryEvents {
    private AdvisoryEvents() {}

    /** A segment's new state: its routing time, and a condition to judge when it is a transition. */
    static AdvisoryEvent of(MirrorUpdate update) {
        LiveState state = update.state();
        double routing = state.congestion() == CongestionLevel.UNKNOWN
                ? state.freeFlowTravelTimeSeconds()
                : state.travelTimeSeconds();
        List<OpenIncidentEntry> open = update.openIncidents().stream()
                .map(i -> new OpenIncidentEntry(i.incidentId(), i.type().name(), i.severity(), i.openedAt()))
                .toList();
        SegmentChange change = new SegmentChange(
                state.congestion().name(),
                state.speedKph(),
                state.travelTimeSeconds(),
                routing,
                update.transition(),
                open);
        return new AdvisoryEvent(state.asOf(), change, null, null);
    }

    /** The segment became a HOTSPOT (only that is advised). */
    static AdvisoryEvent of(HotspotUpdate update, long time) {
        return new AdvisoryEvent(
                time,
                null,
                new BecameHotspot(
                        update.assessment().incidentIds(), update.assessment().incidentCount()),
                null);
    }

    static AdvisoryEvent of(SegmentEvent.Evaluated evaluated) {
        return new AdvisoryEvent(evaluated.through(), null, null, new EvaluatedThrough(evaluated.partition()));
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
