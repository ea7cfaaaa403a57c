package io.roadmirror.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.testing.Records;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The .avsc files in schemas/ are the public contract of docs/design.md: field names, types, nullability, docs. */
class SchemaContractTest {

    /** docs/design.md "Records": field name -> type; '?' marks a nullable union with null (default null). */
    private static final Map<String, String> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put(
                "RoadSegment",
                "segmentId:string name:string fromNode:string toNode:string lengthMeters:double lanes:int speedLimitKph:double "
                        + "geometry:array<LatLon>");
        CONTRACT.put(
                "SensorReading",
                "sensorId:string gatewayId:string segmentId:string eventTime:timestamp speedKph:double? vehicleCount:int "
                        + "occupancyPct:double? intervalSeconds:int");
        CONTRACT.put(
                "VehiclePosition",
                "vehicleId:string segmentId:string eventTime:timestamp speedKph:double offsetMeters:double lane:int");
        CONTRACT.put(
                "IncidentReport",
                "incidentId:string segmentId:string eventTime:timestamp type:IncidentType severity:int status:IncidentStatus "
                        + "source:IncidentSource description:string?");
        CONTRACT.put(
                "SegmentState",
                "segmentId:string asOf:timestamp congestion:CongestionLevel speedKph:double? flowVehPerHour:double? "
                        + "occupancyPct:double? travelTimeSeconds:double freeFlowTravelTimeSeconds:double sensorsReporting:int "
                        + "probeVehicles:int openIncidentIds:array<string> lastReadingTime:timestamp?");
        CONTRACT.put(
                "Hotspot",
                "segmentId:string windowStart:timestamp windowEnd:timestamp level:HotspotLevel incidentCount:int "
                        + "severityScore:int incidentIds:array<string>");
        CONTRACT.put(
                "RoutingAdvisory",
                "advisoryId:string segmentId:string kind:AdvisoryKind severity:AdvisorySeverity eventTime:timestamp "
                        + "issuedAt:timestamp congestion:CongestionLevel incidentIds:array<string> message:string detour:Detour? "
                        + "approachSegmentIds:array<string> validUntil:timestamp?");
        CONTRACT.put(
                "Detour",
                "segmentIds:array<string> travelTimeSeconds:double currentTravelTimeSeconds:double? savedSeconds:double?");
        CONTRACT.put("LatLon", "lat:double lon:double");
        // v2
        CONTRACT.put("SegmentForecast", "segmentId:string asOf:timestamp method:string points:array<ForecastPoint>");
        CONTRACT.put(
                "ForecastPoint",
                "minutesAhead:int speedKph:double? travelTimeSeconds:double congestion:CongestionLevel");
        CONTRACT.put(
                "RouteRequest",
                "requestId:string fromNode:string toNode:string departAt:timestamp? avoidSegmentIds:array<string> alternatives:int");
        CONTRACT.put(
                "RouteResponse",
                "requestId:string status:RouteStatus detail:string? segmentIds:array<string> departAt:timestamp arriveAt:timestamp? "
                        + "travelTimeSeconds:double? liveTravelTimeSeconds:double? freeFlowTravelTimeSeconds:double? "
                        + "avoidedIncidentIds:array<string> alternatives:array<RouteOption> answeredAt:timestamp");
        CONTRACT.put("RouteOption", "segmentIds:array<string> travelTimeSeconds:double");
    }

    private static final Map<String, List<String>> ENUMS = Map.of(
            "IncidentType", List.of("CRASH", "STALLED_VEHICLE", "ROADWORK", "HAZARD", "WEATHER", "CLOSURE"),
            "IncidentStatus", List.of("OPEN", "CLEARED"),
            "IncidentSource", List.of("OPERATOR", "CROWD", "SENSOR", "DETECTED"),
            "CongestionLevel", List.of("FREE_FLOW", "SLOW", "CONGESTED", "STOPPED", "UNKNOWN"),
            "HotspotLevel", List.of("NONE", "WATCH", "HOTSPOT"),
            "AdvisoryKind", List.of("CONGESTION", "INCIDENT", "CLOSURE", "HOTSPOT", "CLEARED"),
            "AdvisorySeverity", List.of("INFO", "WARNING", "CRITICAL"),
            "RouteStatus", List.of("OK", "NO_ROUTE", "UNKNOWN_NODE", "INVALID"));

    static Stream<SpecificRecord> records() {
        return Records.all().stream();
    }

    @Test
    void everyTopicSchemaFileParsesAndMatchesTheContract() throws IOException {
        Map<String, Schema> named = new LinkedHashMap<>();
        Schema.Parser parser = new Schema.Parser();
        parser.parse(Path.of("schemas/common/CongestionLevel.avsc").toFile());
        try (Stream<Path> files = Files.list(Path.of("schemas"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                Schema schema = parser.parse(file.toFile());
                assertEquals(
                        file.getFileName().toString(),
                        schema.getName() + ".avsc",
                        "one file per record, named after it");
                assertEquals("io.roadmirror.model", schema.getNamespace());
                collect(schema, named);
            }
        }
        for (Map.Entry<String, String> record : CONTRACT.entrySet()) {
            Schema schema = named.get(record.getKey());
            assertNotNull(schema, record.getKey() + " is defined");
            assertEquals(record.getValue(), describe(schema), record.getKey() + " fields");
            assertNotNull(schema.getDoc(), record.getKey() + " has a doc");
            for (Schema.Field field : schema.getFields()) {
                assertTrue(
                        field.doc() != null && !field.doc().isBlank(),
                        record.getKey() + "." + field.name() + " has a doc");
            }
        }
        ENUMS.forEach((name, symbols) -> assertEquals(symbols, named.get(name).getEnumSymbols(), name + " symbols"));
        assertEquals(
                10,
                CONTRACT.keySet().stream()
                        .filter(n -> Files.exists(Path.of("schemas", n + ".avsc")))
                        .count());
    }

    @Test
    void whatIsRegisteredIsExactlyTheSchemaOfTheFile() throws IOException {
        for (SpecificRecord record : Records.all()) {
            Schema compiled = io.roadmirror.serde.AvroSchemas.portable(record.getSchema());
            Schema.Parser parser = new Schema.Parser();
            parser.parse(Path.of("schemas/common/CongestionLevel.avsc").toFile());
            Schema fromFile = parser.parse(
                    Path.of("schemas", compiled.getName() + ".avsc").toFile());
            assertEquals(fromFile, compiled, compiled.getName());
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void aFullyPopulatedRecordRoundTrips(SpecificRecord record) throws IOException {
        for (Schema.Field field : record.getSchema().getFields()) {
            assertNotNull(
                    record.get(field.pos()),
                    "example sets " + record.getSchema().getName() + "." + field.name());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        SpecificRecord back = new SpecificDatumReader<SpecificRecord>(record.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals(record, back);
    }

    @Test
    void nullableFieldsDefaultToNullSoTheyCanBeAddedBackwardCompatibly() {
        List<String> wrong = new ArrayList<>();
        for (SpecificRecord record : Records.all()) {
            for (Schema.Field field : record.getSchema().getFields()) {
                Schema s = field.schema();
                if (s.getType() == Schema.Type.UNION) {
                    if (s.getTypes().get(0).getType() != Schema.Type.NULL
                            || field.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE) {
                        wrong.add(record.getSchema().getName() + "." + field.name());
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "nullable fields must be [null, T] with default null: " + wrong);
        assertFalse(SpecificData.get()
                .getSchema(io.roadmirror.model.SensorReading.class)
                .getField("eventTime")
                .schema()
                .isNullable());
    }

    private static void collect(Schema schema, Map<String, Schema> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.putIfAbsent(schema.getName(), schema) == null) {
                    schema.getFields().forEach(f -> collect(f.schema(), named));
                }
            }
            case ENUM -> named.putIfAbsent(schema.getName(), schema);
            case ARRAY -> collect(schema.getElementType(), named);
            case UNION -> schema.getTypes().forEach(t -> collect(t, named));
            default -> {}
        }
    }

    private static String describe(Schema record) {
        List<String> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(f.name() + ":" + typeName(f.schema()));
        }
        return String.join(" ", fields);
    }

    private static String typeName(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            Schema nonNull = s.getTypes().stream()
                    .filter(t -> t.getType() != Schema.Type.NULL)
                    .findFirst()
                    .orElseThrow();
            return typeName(nonNull) + "?";
        }
        if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return "timestamp";
        }
        return switch (s.getType()) {
            case ARRAY -> "array<" + typeName(s.getElementType()) + ">";
            case RECORD, ENUM -> s.getName();
            default -> s.getType().getName();
        };
    }
}
