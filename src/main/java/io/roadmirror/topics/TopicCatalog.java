package io.roadmirror.topics;

import io.roadmirror.model.Hotspot;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import java.util.List;

/** The topics of docs/design.md; names and cleanup policies are the public contract. */
public final class TopicCatalog {
    public static final TopicDefinition ROAD_NETWORK =
            new TopicDefinition("road.network", true, RoadSegment.class, "network loader");
    public static final TopicDefinition SENSOR_READINGS = new TopicDefinition(
            "sensor.readings", false, SensorReading.class, "IoT gateways (loop detectors, radar, cameras)");
    public static final TopicDefinition VEHICLE_POSITIONS =
            new TopicDefinition("vehicle.positions", false, VehiclePosition.class, "IoT gateways (probe vehicles)");
    public static final TopicDefinition INCIDENT_REPORTS = new TopicDefinition(
            "incident.reports", false, IncidentReport.class, "operators, crowd reports, the pipeline's detector");
    public static final TopicDefinition MIRROR_SEGMENTS =
            new TopicDefinition("mirror.segments", true, SegmentState.class, "mirror topology");
    public static final TopicDefinition INCIDENT_HOTSPOTS =
            new TopicDefinition("incident.hotspots", true, Hotspot.class, "hotspot topology");
    public static final TopicDefinition ROUTING_ADVISORIES =
            new TopicDefinition("routing.advisories", false, RoutingAdvisory.class, "advisory topology");
    public static final TopicDefinition MIRROR_FORECASTS =
            new TopicDefinition("mirror.forecasts", true, SegmentForecast.class, "forecast topology");
    public static final TopicDefinition ROUTE_REQUESTS =
            new TopicDefinition("route.requests", false, RouteRequest.class, "navigation apps, fleet dispatch");
    public static final TopicDefinition ROUTE_RESPONSES =
            new TopicDefinition("route.responses", false, RouteResponse.class, "route topology");
    public static final TopicDefinition DEAD_LETTERS =
            new TopicDefinition("deadletter.events", false, null, "every topology, for input it cannot use");

    public static final List<TopicDefinition> ALL = List.of(
            ROAD_NETWORK,
            SENSOR_READINGS,
            VEHICLE_POSITIONS,
            INCIDENT_REPORTS,
            MIRROR_SEGMENTS,
            INCIDENT_HOTSPOTS,
            ROUTING_ADVISORIES,
            MIRROR_FORECASTS,
            ROUTE_REQUESTS,
            ROUTE_RESPONSES,
            DEAD_LETTERS);

    /** The topics whose values are Avro records with a registered schema. */
    public static List<TopicDefinition> avroTopics() {
        return ALL.stream().filter(t -> t.valueType() != null).toList();
    }

    private TopicCatalog() {}
}
