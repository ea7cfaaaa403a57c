package io.roadmirror.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.TestNetworks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetoursTest {
    private static final RoadNetwork TRIANGLE = TestNetworks.triangle();

    private static List<String> detour(String closed, Set<String> alsoClosed, Map<String, Double> slower) {
        return Detours.fastest(
                        TRIANGLE,
                        TRIANGLE.segment(closed).orElseThrow(),
                        alsoClosed,
                        s -> s.freeFlowTravelTimeSeconds() * slower.getOrDefault(s.id(), 1.0))
                .stream()
                .map(Segment::id)
                .toList();
    }

    @Test
    void theTrafficOfAClosedSegmentGoesRoundByTheFastestWayBetweenItsJunctions() {
        // Canal Road and Garden Lane are equally long: the tie goes to the smaller junction id (C before G).
        assertEquals(List.of("A-C", "C-B"), detour("A-B", Set.of(), Map.of()));
        // Canal Road crawling: Garden Lane is faster now.
        assertEquals(List.of("A-G", "G-B"), detour("A-B", Set.of(), Map.of("C-B", 3.0)));
    }

    @Test
    void aDetourNeverUsesAnotherClosedSegmentAndIsEmptyWhenNoRoadIsLeft() {
        assertEquals(List.of("A-G", "G-B"), detour("A-B", Set.of("A-C"), Map.of()));
        assertEquals(List.of(), detour("A-B", Set.of("A-C", "G-B"), Map.of()));
        assertEquals(List.of(), detour("E-F", Set.of(), Map.of()), "the pier leads nowhere else");
    }
}
