package io.roadmirror.api;

import io.roadmirror.network.Segment;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/**
 * The road network as a GeoJSON FeatureCollection (RFC 7946): one LineString per directed
 * segment, coordinates [lon, lat], with the segment's live state and hotspot level as properties,
 * so any GeoJSON tool (and the live map) can draw the mirror.
 */
final class NetworkGeoJson {
    private NetworkGeoJson() {}

    public record FeatureCollection(String type, List<Feature> features) {}

    public record Feature(String type, String id, LineString geometry, Properties properties) {}

    public record LineString(String type, List<double[]> coordinates) {}

    /** What a map needs to draw and explain one segment; the live fields are null before any input. */
    public record Properties(
            String segmentId,
            String name,
            String fromNode,
            String toNode,
            int lanes,
            double lengthMeters,
            double speedLimitKph,
            String congestion,
            Double speedKph,
            Double travelTimeSeconds,
            double freeFlowTravelTimeSeconds,
            List<String> openIncidentIds,
            String hotspotLevel,
            String asOf) {}

    /**
     * The features are made one at a time as the collection is written, not all up front: for
     * 100,000 segments that saves tens of MB of heap the stream threads need more.
     */
    static FeatureCollection of(
            List<Segment> network, Map<String, LiveStateView> live, Map<String, HotspotView> hotspots) {
        return new FeatureCollection("FeatureCollection", new AbstractList<>() {
            @Override
            public Feature get(int index) {
                Segment s = network.get(index);
                return feature(s, live.get(s.id()), hotspots.get(s.id()));
            }

            @Override
            public int size() {
                return network.size();
            }
        });
    }

    private static Feature feature(Segment s, LiveStateView live, HotspotView hotspot) {
        List<double[]> coordinates =
                s.geometry().stream().map(p -> new double[] {p.lon(), p.lat()}).toList();
        Properties properties = new Properties(
                s.id(),
                s.name(),
                s.fromNode(),
                s.toNode(),
                s.lanes(),
                s.lengthMeters(),
                s.speedLimitKph(),
                live == null ? "UNKNOWN" : live.congestion(),
                live == null ? null : live.speedKph(),
                live == null ? null : live.travelTimeSeconds(),
                s.freeFlowTravelTimeSeconds(),
                live == null ? List.of() : live.openIncidentIds(),
                hotspot == null ? null : hotspot.level(),
                live == null ? null : live.asOf());
        return new Feature("Feature", s.id(), new LineString("LineString", coordinates), properties);
    }
}
