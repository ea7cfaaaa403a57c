package io.roadmirror.routes;

import io.roadmirror.network.RoadNetwork;
import java.util.List;

/**
 * What a route question is answered from, as one processor or the query API sees it at the moment
 * of asking: the network, the incidents that block segments, and the travel times. One instance
 * serves one question (implementations may remember what they read).
 */
public interface RoadConditions {
    RoadNetwork network();

    /** The open incidents that close the segment to routes ({@link RouteRules#blocks}); empty when none. */
    List<String> blockingIncidents(String segmentId);

    /** Expected travel times at the moment the trip reaches a segment (forecast, else live). */
    TravelTimes predicted();

    /** Today's travel times throughout. */
    TravelTimes live();
}
