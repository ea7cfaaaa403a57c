package io.roadmirror.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.advisories.RoutingGraph;
import org.junit.jupiter.api.Test;

class GridNetworkTest {

    @Test
    void sizeIsCloseToWhatWasAskedAndTheSameEveryTime() {
        assertEquals(100_000, GridNetwork.withAbout(100_000).size(), 1_000);
        assertEquals(24, GridNetwork.withAbout(24).size());
        assertEquals(8, GridNetwork.withAbout(1).size(), "at least a 2 x 2 grid");
        assertEquals(
                GridNetwork.grid(5).segments().stream().map(Segment::toString).toList(),
                GridNetwork.grid(5).segments().stream().map(Segment::toString).toList());
    }

    @Test
    void everyRoadRunsBothWaysSoEverySegmentHasADetour() {
        RoadNetwork grid = GridNetwork.grid(4);
        RoutingGraph graph = RoutingGraph.of(grid);
        for (Segment s : grid.segments()) {
            assertTrue(grid.contains(s.toNode() + "-" + s.fromNode()), s.id());
            assertTrue(graph.detour(s.id(), id -> 1.0, id -> false).isPresent(), s.id());
            assertEquals(GridNetwork.SPACING_METERS, s.lengthMeters(), 1.0);
        }
        assertEquals(2, grid.segment("G0.0-G0.1").orElseThrow().lanes(), "row 0 is an arterial");
        assertEquals(1, grid.segment("G1.1-G1.2").orElseThrow().lanes());
    }
}
