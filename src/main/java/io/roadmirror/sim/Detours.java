package io.roadmirror.sim;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Where the traffic of a closed segment goes in the simulated city: the fastest path between the
 * segment's two junctions that uses neither it nor any other closed segment, over the travel times
 * drivers see when the closure begins. Plain Dijkstra; ties go to the smaller node id, so the same
 * times give the same detour.
 */
public final class Detours {
    private Detours() {}

    private record Reached(String node, double seconds) {}

    /**
     * @param closed  segments no detour may use (the closed one is never used either)
     * @param seconds a segment's travel time now
     * @return the detour's segments in driving order; empty when no road is left
     */
    public static List<Segment> fastest(
            RoadNetwork network, Segment closedSegment, Set<String> closed, ToDoubleFunction<Segment> seconds) {
        String target = closedSegment.toNode();
        Map<String, Double> best = new HashMap<>();
        Map<String, Segment> via = new HashMap<>();
        PriorityQueue<Reached> queue =
                new PriorityQueue<>(Comparator.comparingDouble(Reached::seconds).thenComparing(Reached::node));
        best.put(closedSegment.fromNode(), 0.0);
        queue.add(new Reached(closedSegment.fromNode(), 0));
        while (!queue.isEmpty()) {
            Reached here = queue.poll();
            if (here.seconds() > best.get(here.node())) {
                continue;
            }
            if (here.node().equals(target)) {
                List<Segment> path = new ArrayList<>();
                for (String node = target; !node.equals(closedSegment.fromNode()); ) {
                    Segment s = via.get(node);
                    path.add(s);
                    node = s.fromNode();
                }
                Collections.reverse(path);
                return List.copyOf(path);
            }
            for (Segment next : network.leaving(here.node())) {
                if (next.id().equals(closedSegment.id()) || closed.contains(next.id())) {
                    continue;
                }
                double arrive = here.seconds() + seconds.applyAsDouble(next);
                Double known = best.get(next.toNode());
                if (known == null || arrive < known) {
                    best.put(next.toNode(), arrive);
                    via.put(next.toNode(), next);
                    queue.add(new Reached(next.toNode(), arrive));
                }
            }
        }
        return List.of();
    }
}
