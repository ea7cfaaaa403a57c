package io.roadmirror.advisories;

import io.roadmirror.network.RoadNetwork;

/** One {@link RoutingGraph} per network snapshot, shared by all advisory tasks of an instance. */
final class RoutingGraphCache {
    private RoadNetwork network;
    private RoutingGraph graph;

    synchronized RoutingGraph graphOf(RoadNetwork current) {
        if (current != network) {
            graph = RoutingGraph.of(current);
            network = current;
        }
        return graph;
    }
}
