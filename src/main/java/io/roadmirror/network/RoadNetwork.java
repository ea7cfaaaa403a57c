package io.roadmirror.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable directed road graph: segments by id, and the segments leaving and entering each node. */
public final class RoadNetwork {
    private final Map<String, Segment> segments;
    private final Map<String, List<Segment>> outgoing;
    private final Map<String, List<Segment>> incoming;

    public RoadNetwork(Collection<Segment> segments) {
        Map<String, Segment> byId = new LinkedHashMap<>();
        Map<String, List<Segment>> out = new HashMap<>();
        Map<String, List<Segment>> in = new HashMap<>();
        for (Segment s : segments) {
            if (byId.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate segment id " + s.id());
            }
            out.computeIfAbsent(s.fromNode(), n -> new ArrayList<>()).add(s);
            in.computeIfAbsent(s.toNode(), n -> new ArrayList<>()).add(s);
        }
        this.segments = Collections.unmodifiableMap(byId);
        out.replaceAll((node, list) -> List.copyOf(list));
        in.replaceAll((node, list) -> List.copyOf(list));
        this.outgoing = Map.copyOf(out);
        this.incoming = Map.copyOf(in);
    }

    public Collection<Segment> segments() {
        return segments.values();
    }

    public Optional<Segment> segment(String id) {
        return Optional.ofNullable(segments.get(id));
    }

    public boolean contains(String segmentId) {
        return segments.containsKey(segmentId);
    }

    /** The same segments, each with the same attributes and geometry. */
    public boolean sameSegmentsAs(RoadNetwork other) {
        return segments.equals(other.segments);
    }

    public int size() {
        return segments.size();
    }

    public List<Segment> leaving(String node) {
        return outgoing.getOrDefault(node, List.of());
    }

    public List<Segment> entering(String node) {
        return incoming.getOrDefault(node, List.of());
    }

    public Set<String> nodes() {
        Set<String> nodes = new HashSet<>(outgoing.keySet());
        nodes.addAll(incoming.keySet());
        return nodes;
    }
}
