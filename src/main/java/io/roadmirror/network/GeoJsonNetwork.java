package io.roadmirror.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a road network from GeoJSON: a FeatureCollection whose features are LineStrings drawn in
 * the direction of travel, with the {@link io.roadmirror.model.RoadSegment} fields as properties:
 * <pre>
 * {"type": "Feature",
 *  "geometry": {"type": "LineString", "coordinates": [[5.1214, 52.0907], [5.1280, 52.0908]]},
 *  "properties": {"segmentId": "N0000-N0001", "name": "North Boulevard (eastbound)",
 *                 "fromNode": "N0000", "toNode": "N0001", "lanes": 2, "speedLimitKph": 50,
 *                 "lengthMeters": 451.5}}
 * </pre>
 * Coordinates are [longitude, latitude] as GeoJSON says. {@code lengthMeters} is optional (the
 * polyline's length otherwise). A two-way road is two features.
 */
public final class GeoJsonNetwork {
    private GeoJsonNetwork() {}

    public static RoadNetwork read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new NetworkFileException(file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null
                || !"FeatureCollection".equals(root.path("type").asText())
                || !root.path("features").isArray()) {
            throw new NetworkFileException(file + ": expected a GeoJSON FeatureCollection with a \"features\" array");
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonNode features = root.path("features");
        for (int i = 0; i < features.size(); i++) {
            Segment segment = feature(file, i, features.get(i));
            if (!ids.add(segment.id())) {
                throw new NetworkFileException(
                        file + ": features[" + i + "]: segmentId '" + segment.id() + "' appears twice");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw new NetworkFileException(file + ": the FeatureCollection has no features");
        }
        return new RoadNetwork(segments);
    }

    private static Segment feature(Path file, int index, JsonNode feature) {
        JsonNode props = feature.path("properties");
        String where = file + ": features[" + index + "]"
                + (props.hasNonNull("segmentId")
                        ? " (segmentId '" + props.get("segmentId").asText() + "')"
                        : "");
        JsonNode geometry = feature.path("geometry");
        if (!"LineString".equals(geometry.path("type").asText())) {
            throw new NetworkFileException(where + ": geometry must be a LineString, got "
                    + geometry.path("type").asText("nothing"));
        }
        List<GeoPoint> points = new ArrayList<>();
        JsonNode coordinates = geometry.path("coordinates");
        for (int p = 0; p < coordinates.size(); p++) {
            JsonNode c = coordinates.get(p);
            if (!c.isArray()
                    || c.size() < 2
                    || !c.get(0).isNumber()
                    || !c.get(1).isNumber()) {
                throw new NetworkFileException(where + ": coordinates[" + p + "] must be [longitude, latitude]");
            }
            try {
                points.add(new GeoPoint(c.get(1).asDouble(), c.get(0).asDouble()));
            } catch (IllegalArgumentException e) {
                throw new NetworkFileException(where + ": coordinates[" + p + "]: " + e.getMessage()
                        + " (GeoJSON order is [longitude, latitude])");
            }
        }
        try {
            double length = props.hasNonNull("lengthMeters")
                    ? number(props, "lengthMeters", where)
                    : Segment.polylineLength(points);
            return new Segment(
                    text(props, "segmentId", where),
                    text(props, "name", where),
                    text(props, "fromNode", where),
                    text(props, "toNode", where),
                    length,
                    (int) number(props, "lanes", where),
                    number(props, "speedLimitKph", where),
                    points);
        } catch (IllegalArgumentException e) {
            throw new NetworkFileException(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode props, String field, String where) {
        if (!props.hasNonNull(field) || props.get(field).asText().isBlank()) {
            throw new NetworkFileException(where + ": property " + field + " is missing or empty");
        }
        return props.get(field).asText();
    }

    private static double number(JsonNode props, String field, String where) {
        if (!props.hasNonNull(field) || !props.get(field).isNumber()) {
            throw new NetworkFileException(where + ": property " + field + " must be a number");
        }
        return props.get(field).asDouble();
    }
}
