package io.roadmirror.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.SensorReading;
import io.roadmirror.registry.RegisteredSchema;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryRefusedException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.testing.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final String TOPIC = "sensor.readings";

    @Test
    void aKnownRecordWithAKnownIdSerializesToTheExactConfluentWireBytes() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(42);
        Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, registry, true);
        SensorReading reading =
                new SensorReading("S1", "G1", "A-B", Instant.ofEpochMilli(1_700_000_000_000L), 88.5, 12, null, 30);

        byte[] bytes = serde.serializer().serialize(TOPIC, reading);

        // magic 00 | id 0000002a | "S1" "G1" "A-B" | eventTime zigzag varint | union 1 + double 88.5 LE | 12 | union 0
        // | 30
        String expected = "00" + "0000002a"
                + "045331" + "044731" + "06412d42"
                + "80a0abfef962"
                + "02" + "0000000000205640"
                + "18" + "00" + "3c";
        assertEquals(expected, HexFormat.of().formatHex(bytes));
        assertEquals(reading, serde.deserializer().deserialize(TOPIC, bytes));
        assertEquals(List.of("sensor.readings-value"), registry.subjects(), "subject is <topic>-value");
    }

    @Test
    void everyContractRecordRoundTripsThroughTheWireFormat() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        for (var record : Records.all()) {
            @SuppressWarnings("unchecked")
            Class<org.apache.avro.specific.SpecificRecord> type =
                    (Class<org.apache.avro.specific.SpecificRecord>) record.getClass();
            Serde<org.apache.avro.specific.SpecificRecord> serde = AvroSerdes.specific(type, registry, true);
            String topic = "topic-of-" + record.getSchema().getName();
            byte[] bytes = serde.serializer().serialize(topic, record);
            assertEquals(record, serde.deserializer().deserialize(topic, bytes));
        }
    }

    @Test
    void aKnownSchemaIdIsFetchedFromTheRegistryOnlyOnce() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] bytes = AvroSerdes.specific(SensorReading.class, registry, true)
                .serializer()
                .serialize(TOPIC, Records.sensorReading());
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(registry, SensorReading.class);
        for (int i = 0; i < 1000; i++) {
            deserializer.deserialize(TOPIC, bytes);
        }
        assertEquals(1, registry.schemaByIdCalls.get());
    }

    @Test
    void bytesThatAreNotTheWireFormatFailAsNotWireFormat() {
        AvroDeserializer<SensorReading> deserializer =
                AvroDeserializer.specific(new InMemorySchemaRegistry(), SensorReading.class);
        assertEquals(
                AvroSerdeException.Kind.NOT_WIRE_FORMAT,
                assertThrows(
                                AvroSerdeException.class,
                                () -> deserializer.deserialize(TOPIC, "{\"speed\":12}".getBytes()))
                        .kind());
        assertEquals(
                AvroSerdeException.Kind.NOT_WIRE_FORMAT,
                assertThrows(AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
                        .kind());
    }

    @Test
    void anIdTheRegistryDoesNotKnowFailsAsUnknownSchema() {
        AvroDeserializer<SensorReading> deserializer =
                AvroDeserializer.specific(new InMemorySchemaRegistry(), SensorReading.class);
        AvroSerdeException e = assertThrows(
                AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 77, 2, 3}));
        assertEquals(AvroSerdeException.Kind.UNKNOWN_SCHEMA, e.kind());
        assertTrue(e.getMessage().contains("77"), e.getMessage());
    }

    @Test
    void aBodyThatDoesNotDecodeFailsAsUndecodable() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] good = AvroSerdes.specific(SensorReading.class, registry, true)
                .serializer()
                .serialize(TOPIC, Records.sensorReading());
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(registry, SensorReading.class);

        byte[] truncated = Arrays.copyOf(good, good.length - 4);
        assertEquals(
                AvroSerdeException.Kind.UNDECODABLE,
                assertThrows(AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, truncated))
                        .kind());
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        assertEquals(
                AvroSerdeException.Kind.UNDECODABLE,
                assertThrows(AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, trailing))
                        .kind());
    }

    @Test
    void aRecordOfAnotherTypeOnTheTopicFailsAsUndecodable() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] segment = AvroSerdes.specific(RoadSegment.class, registry, true)
                .serializer()
                .serialize(TOPIC, Records.roadSegment());
        AvroSerdeException e = assertThrows(
                AvroSerdeException.class,
                () -> AvroDeserializer.specific(registry, SensorReading.class).deserialize(TOPIC, segment));
        assertEquals(AvroSerdeException.Kind.UNDECODABLE, e.kind());
        assertTrue(e.getMessage().contains("RoadSegment"), e.getMessage());
    }

    @Test
    void anOlderWriterSchemaIsResolvedAgainstTheReaderSchema() {
        // A gateway on an older contract that did not yet have occupancyPct (added later with a default).
        Schema older = SchemaBuilder.record("SensorReading")
                .namespace("io.roadmirror.model")
                .fields()
                .requiredString("sensorId")
                .requiredString("gatewayId")
                .requiredString("segmentId")
                .name("eventTime")
                .type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault()
                .optionalDouble("speedKph")
                .requiredInt("vehicleCount")
                .requiredInt("intervalSeconds")
                .endRecord();
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        GenericData.Record old = new GenericData.Record(older);
        old.put("sensorId", "S9");
        old.put("gatewayId", "G1");
        old.put("segmentId", "A-B");
        old.put("eventTime", 1_700_000_000_000L);
        old.put("speedKph", 61.0);
        old.put("vehicleCount", 4);
        old.put("intervalSeconds", 60);
        byte[] bytes = new AvroSerializer<GenericData.Record>(registry, true, false).serialize(TOPIC, old);

        SensorReading read =
                AvroDeserializer.specific(registry, SensorReading.class).deserialize(TOPIC, bytes);

        assertEquals("S9", read.getSensorId());
        assertEquals(61.0, read.getSpeedKph());
        assertNull(read.getOccupancyPct());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), read.getEventTime());
    }

    @Test
    void aNewerWriterSchemaWithAFieldAddedAtTheEndIsReadNotRefused() {
        // A gateway on newer firmware whose schema adds an optional field at the end (the usual evolution). The
        // generated class's own decoder left that field's bytes unread, and the reader refused the record as
        // "bytes left over": every such record became a DESERIALIZATION dead letter.
        List<Schema.Field> fields = new ArrayList<>();
        SensorReading.getClassSchema().getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(
                "firmware",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added later",
                JsonProperties.NULL_VALUE));
        Schema newer = Schema.createRecord("SensorReading", null, "io.roadmirror.model", false, fields);
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        GenericData.Record record = new GenericData.Record(newer);
        record.put("sensorId", "S9");
        record.put("gatewayId", "G1");
        record.put("segmentId", "A-B");
        record.put("eventTime", 1_700_000_000_000L);
        record.put("speedKph", 61.0);
        record.put("vehicleCount", 4);
        record.put("occupancyPct", 12.5);
        record.put("intervalSeconds", 60);
        record.put("firmware", "2.1");
        byte[] bytes = new AvroSerializer<GenericData.Record>(registry, true, false).serialize(TOPIC, record);

        SensorReading read =
                AvroDeserializer.specific(registry, SensorReading.class).deserialize(TOPIC, bytes);

        assertEquals("S9", read.getSensorId());
        assertEquals(12.5, read.getOccupancyPct());
        assertEquals(60, read.getIntervalSeconds());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), read.getEventTime());
    }

    @Test
    void aGenericConsumerReadsWhatTheSpecificProducerWrote() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] bytes = AvroSerdes.specific(SensorReading.class, registry, true)
                .serializer()
                .serialize(TOPIC, Records.sensorReading());
        GenericData.Record generic =
                AvroSerdes.generic(registry, false).deserializer().deserialize(TOPIC, bytes);
        assertEquals("loop-17", generic.get("sensorId").toString());
        assertEquals(42.5, generic.get("speedKph"));
        assertArrayEquals(
                bytes, AvroSerdes.generic(registry, false).serializer().serialize(TOPIC, generic));
    }

    @Test
    void withAutoRegistrationOffAnUnregisteredSchemaIsAClearError() {
        Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, new InMemorySchemaRegistry(), false);
        AvroSerdeException e = assertThrows(
                AvroSerdeException.class, () -> serde.serializer().serialize(TOPIC, Records.sensorReading()));
        assertEquals(AvroSerdeException.Kind.NOT_REGISTERED, e.kind());
        assertTrue(e.getMessage().contains("register-schemas"), e.getMessage());
    }

    @Test
    void aRefusedLookupKeepsTheRegistrysFailureAsItsCause() {
        SchemaRegistryClient refusing = new InMemorySchemaRegistry() {
            @Override
            public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
                throw new RegistryRefusedException(404, 404, "not a schema registry API");
            }
        };
        Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, refusing, false);
        AvroSerdeException e = assertThrows(
                AvroSerdeException.class, () -> serde.serializer().serialize(TOPIC, Records.sensorReading()));
        assertTrue(
                RegistryException.infrastructureIn(e).isPresent(),
                "the registry's refusal is kept as the cause, so the pipeline waits it out: " + e);
    }

    @Test
    void aRegistryOutageIsNotReportedAsBadData() {
        SchemaRegistryClient down = new InMemorySchemaRegistry() {
            @Override
            public synchronized Schema schemaById(int id) {
                throw new RegistryUnavailableException(0, "cannot reach the schema registry", null);
            }
        };
        assertThrows(
                RegistryUnavailableException.class,
                () -> AvroDeserializer.specific(down, SensorReading.class)
                        .deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1, 2}));
    }

    @Test
    void nullIsATombstoneBothWays() {
        Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, new InMemorySchemaRegistry(), true);
        assertNull(serde.serializer().serialize(TOPIC, null));
        assertNull(serde.deserializer().deserialize(TOPIC, null));
    }
}
