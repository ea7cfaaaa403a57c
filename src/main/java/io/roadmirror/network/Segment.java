package io.roadmirror.network;

import java.util.List;

/**
 * A directed road segment: traffic flows from {@code fromNode} to {@code toNode} along the
 * geometry. The plain-Java form of {@link io.roadmirror.model.RoadSegment} used by domain rules.
 */
public record Segment(
        String id,
        String name,
        String fromNode,
        String toNode,
        double lengthMeters,
        int lanes,
        double speedLimitKph,
        List<GeoPoint> geometry) {

    public Segment {
        require(id != null && !id.isBlank(), "segment id must be non-empty");
        require(name != null && !name.isBlank(), "segment " + id + ": name must be non-empty");
        require(fromNode != null && !fromNode.isBlank(), "segment " + id + ": fromNode must be non-empty");
        require(toNode != null && !toNode.isBlank(), "segment " + id + ": toNode must be non-empty");
        require(!fromNode.equals(toNode), "segment " + id + ": fromNode and toNode must differ");
        require(lengthMeters > 0 && Double.isFinite(lengthMeters), "segment " + id + ": lengthMeters must be positive");
        require(lanes >= 1, "segment " + id + ": lanes must be at least 1");
        require(speedLimitKph > 0 && speedLimitKph <= 300, "segment " + id + ": speedLimitKph must be in (0, 300]");
        require(geometry != null && geometry.size() >= 2, "segment " + id + ": geometry needs at least two points");
        geometry = List.copyOf(geometry);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Seconds to drive the segment at the speed limit. */
    public double freeFlowTravelTimeSeconds() {
        return lengthMeters / (speedLimitKph / 3.6);
    }

    /** Length of a polyline in metres. */
    public static double polylineLength(List<GeoPoint> points) {
        double length = 0;
        for (int i = 1; i < points.size(); i++) {
            length += points.get(i - 1).distanceTo(points.get(i));
        }
        return length;
    }
}
