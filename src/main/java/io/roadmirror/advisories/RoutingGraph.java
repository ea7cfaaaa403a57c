package io.roadmirror.advisories;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.traverse.ClosestFirstIterator;

/**
 * The road network as a directed multigraph (junctions as vertices, segments as edges) for the
 * advisories' two questions: the fastest detour around a segment over live travel times, and the
 * upstream segments within a road distance. Immutable; built once per network version and shared.
 */
public final class RoutingGraph {
    private final Graph<String, String> graph;
    private final Map<String, Segment> segments;
    /** The graph against the direction of travel, weighted by length: road distance upstream. */
    private final Graph<String, String> upstreamByLength;

    /** A path of segments in driving order and its travel time. */
    public record Route(List<String> segmentIds, double travelTimeSeconds) {
        public Route {
            segmentIds = List.copyOf(segmentIds);
        }
    }

    private RoutingGraph(Graph<String, String> graph, Map<String, Segment> segments) {
        this.graph = graph;
        this.segments = segments;
        this.upstreamByLength = new AsWeightedGraph<>(
                new EdgeReversedGraph<>(graph), edge -> segments.get(edge).lengthMeters(), false, false);
    }

    public static RoutingGraph of(RoadNetwork network) {
        Graph<String, String> graph = GraphTypeBuilder.<String, String>directed()
                .allowingMultipleEdges(true)
                .allowingSelfLoops(false)
                .weighted(false)
                .buildGraph();
        Map<String, Segment> segments = new HashMap<>();
        for (Segment s : network.segments()) {
            graph.addVertex(s.fromNode());
            graph.addVertex(s.toNode());
            graph.addEdge(s.fromNode(), s.toNode(), s.id());
            segments.put(s.id(), s);
        }
        return new RoutingGraph(graph, Map.copyOf(segments));
    }

    public Optional<Segment> segment(String id) {
        return Optional.ofNullable(segments.get(id));
    }

    public int size() {
        return segments.size();
    }

    /**
     * The fastest path from the segment's start to its end that uses neither the segment nor any
     * closed one. Ties between equally fast paths are broken by the network's order, so the same
     * network and times always give the same detour.
     *
     * @param travelTimeSeconds live travel time of a segment (free-flow time where unknown)
     */
    public Optional<Route> detour(
            String segmentId, ToDoubleFunction<String> travelTimeSeconds, Predicate<String> closed) {
        Segment affected = segments.get(segmentId);
        if (affected == null) {
            return Optional.empty();
        }
        Graph<String, String> open =
                new MaskSubgraph<>(graph, vertex -> false, edge -> edge.equals(segmentId) || closed.test(edge));
        Graph<String, String> weighted = new AsWeightedGraph<>(open, travelTimeSeconds::applyAsDouble, false, false);
        GraphPath<String, String> path =
                DijkstraShortestPath.findPathBetween(weighted, affected.fromNode(), affected.toNode());
        if (path == null) {
            return Optional.empty();
        }
        return Optional.of(new Route(path.getEdgeList(), path.getWeight()));
    }

    /**
     * Segments upstream of this one whose end is within {@code meters} of road distance from its
     * start (their traffic is heading for it), nearest first; the segment itself excluded.
     */
    public List<String> approaches(String segmentId, double meters) {
        Segment affected = segments.get(segmentId);
        if (affected == null) {
            return List.of();
        }
        // Visits only the junctions within reach (not the whole network), each with its distance.
        ClosestFirstIterator<String, String> upstream =
                new ClosestFirstIterator<>(upstreamByLength, affected.fromNode(), meters);
        List<Map.Entry<String, Double>> nodes = new ArrayList<>();
        while (upstream.hasNext()) {
            String node = upstream.next();
            nodes.add(Map.entry(node, upstream.getShortestPathLength(node)));
        }
        // The iterator orders equally distant junctions by its heap; by name, the answer is the same every time.
        nodes.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        Set<String> result = new LinkedHashSet<>();
        for (Map.Entry<String, Double> node : nodes) {
            graph.incomingEdgesOf(node.getKey()).stream()
                    .filter(Predicate.not(segmentId::equals))
                    .sorted(Comparator.naturalOrder())
                    .forEach(result::add);
        }
        return List.copyOf(result);
    }
}
