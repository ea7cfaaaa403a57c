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
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the contract bound to its serdes: UTF-8 string keys (so every client partitions
 * alike) and Avro values in the Confluent wire format. Built once, in one place, from a registry
 * client; topologies, producers and tests take their topics from here.
 */
public final class Topics {
    public final Topic<String, RoadSegment> roadNetwork;
    public final Topic<String, SensorReading> sensorReadings;
    public final Topic<String, VehiclePosition> vehiclePositions;
    public final Topic<String, IncidentReport> incidentReports;
    public final Topic<String, SegmentState> mirrorSegments;
    public final Topic<String, Hotspot> incidentHotspots;
    public final Topic<String, RoutingAdvisory> routingAdvisories;
    public final Topic<String, SegmentForecast> mirrorForecasts;
    public final Topic<String, RouteRequest> routeRequests;
    public final Topic<String, RouteResponse> routeResponses;
    public final Topic<byte[], byte[]> deadLetters;

    public Topics(SchemaRegistryClient registry, boolean autoRegister) {
        roadNetwork = avro(TopicCatalog.ROAD_NETWORK, RoadSegment.class, registry, autoRegister);
        sensorReadings = avro(TopicCatalog.SENSOR_READINGS, SensorReading.class, registry, autoRegister);
        vehiclePositions = avro(TopicCatalog.VEHICLE_POSITIONS, VehiclePosition.class, registry, autoRegister);
        incidentReports = avro(TopicCatalog.INCIDENT_REPORTS, IncidentReport.class, registry, autoRegister);
        mirrorSegments = avro(TopicCatalog.MIRROR_SEGMENTS, SegmentState.class, registry, autoRegister);
        incidentHotspots = avro(TopicCatalog.INCIDENT_HOTSPOTS, Hotspot.class, registry, autoRegister);
        routingAdvisories = avro(TopicCatalog.ROUTING_ADVISORIES, RoutingAdvisory.class, registry, autoRegister);
        mirrorForecasts = avro(TopicCatalog.MIRROR_FORECASTS, SegmentForecast.class, registry, autoRegister);
        routeRequests = avro(TopicCatalog.ROUTE_REQUESTS, RouteRequest.class, registry, autoRegister);
        routeResponses = avro(TopicCatalog.ROUTE_RESPONSES, RouteResponse.class, registry, autoRegister);
        deadLetters = new Topic<>(TopicCatalog.DEAD_LETTERS.name(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    private static <V extends SpecificRecord> Topic<String, V> avro(
            TopicDefinition definition, Class<V> type, SchemaRegistryClient registry, boolean autoRegister) {
        Serde<V> values = AvroSerdes.specific(type, registry, autoRegister);
        return new Topic<>(definition.name(), Serdes.String(), values);
    }
}
