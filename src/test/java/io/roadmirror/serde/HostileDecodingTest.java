package io.roadmirror.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.SensorReading;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryRefusedException;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.testing.Records;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What crafted bytes do to the deserializer: a typed failure, never an allocation of what they declare. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileDecodingTest {
    private static final String TOPIC = "sensor.readings";

    /** The wire header of a registered schema, then the given Avro body. */
    static byte[] record(int schemaId, byte[]... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {
            0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId
        });
        for (byte[] b : body) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** Avro's zig-zag varint of a long. */
    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7f) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    private static int registeredId(
            InMemorySchemaRegistry registry,
            Class<? extends org.apache.avro.specific.SpecificRecord> type,
            org.apache.avro.specific.SpecificRecord sample,
            String topic) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        byte[] bytes =
                AvroSerdes.specific((Class) type, registry, true).serializer().serialize(topic, sample);
        return WireFormat.schemaId(bytes);
    }

    @Test
    void aTwentyByteRecordDeclaringATwoGigabyteStringIsUndecodable() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int id = registeredId(registry, SensorReading.class, Records.sensorReading(), TOPIC);
        byte[] bomb = record(id, varint(2L * 1024 * 1024 * 1024), new byte[10]);
        assertTrue(bomb.length <= 20, "the bomb is " + bomb.length + " bytes");

        AvroSerdeException e = assertThrows(
                AvroSerdeException.class,
                () -> AvroDeserializer.specific(registry, SensorReading.class).deserialize(TOPIC, bomb));

        assertEquals(AvroSerdeException.Kind.UNDECODABLE, e.kind());
        assertTrue(e.getMessage().contains("2147483648 bytes but only 10"), e.getMessage());
    }

    @Test
    void anArrayDeclaringMoreItemsThanBytesLeftIsUndecodable() {
        // RoadSegment: segmentId, name, fromNode, toNode (strings), lengthMeters (double), lanes (int), speedLimitKph,
        // geometry (array)
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int id = registeredId(registry, RoadSegment.class, Records.roadSegment(), "road.network");
        byte[] s = {2, 'a'};
        byte[] bomb = record(id, s, s, s, s, new byte[8], varint(2), new byte[8], varint(Integer.MAX_VALUE));

        AvroSerdeException e = assertThrows(
                AvroSerdeException.class,
                () -> AvroDeserializer.specific(registry, RoadSegment.class).deserialize("road.network", bomb));

        assertEquals(AvroSerdeException.Kind.UNDECODABLE, e.kind());
        assertTrue(e.getMessage().contains("array block declares 2147483647 items"), e.getMessage());
    }

    @Test
    void aNegativeBlockCountWithAHugeByteSizeIsUndecodable() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int id = registeredId(registry, RoadSegment.class, Records.roadSegment(), "road.network");
        byte[] s = {2, 'a'};
        byte[] bomb =
                record(id, s, s, s, s, new byte[8], varint(2), new byte[8], varint(-3), varint(Long.MAX_VALUE / 2));

        assertEquals(
                AvroSerdeException.Kind.UNDECODABLE,
                assertThrows(
                                AvroSerdeException.class,
                                () -> AvroDeserializer.specific(registry, RoadSegment.class)
                                        .deserialize("road.network", bomb))
                        .kind());
    }

    @Test
    void aRecordLargerThanAnyContractRecordIsRefusedBeforeDecoding() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int id = registeredId(registry, SensorReading.class, Records.sensorReading(), TOPIC);
        byte[] huge = record(id, new byte[AvroDeserializer.MAX_RECORD_BYTES]);

        AvroSerdeException e = assertThrows(
                AvroSerdeException.class,
                () -> AvroDeserializer.specific(registry, SensorReading.class).deserialize(TOPIC, huge));

        assertEquals(AvroSerdeException.Kind.UNDECODABLE, e.kind());
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void aRecordExactlyAtTheSizeLimitIsDecoded() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        SensorReading big = Records.sensorReading();
        byte[] normal = AvroSerdes.specific(SensorReading.class, registry, true)
                .serializer()
                .serialize(TOPIC, big);
        // Grow the gateway id until the whole record is exactly at the limit (its varint length grows from 1 to 3
        // bytes).
        String pad = "g"
                .repeat(AvroDeserializer.MAX_RECORD_BYTES
                        - normal.length
                        - 2
                        + big.getGatewayId().length());
        big.setGatewayId(pad);
        byte[] atLimit = AvroSerdes.specific(SensorReading.class, registry, true)
                .serializer()
                .serialize(TOPIC, big);
        assertEquals(AvroDeserializer.MAX_RECORD_BYTES, atLimit.length);

        assertEquals(
                big, AvroDeserializer.specific(registry, SensorReading.class).deserialize(TOPIC, atLimit));
    }

    @Test
    void randomSchemaIdsCostABoundedNumberOfRegistryCalls() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(registry, SensorReading.class);
        Random random = new Random(13);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = record(1_000_000 + random.nextInt(1_000_000_000), new byte[] {2, 'x'});
            assertEquals(
                    AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                    assertThrows(AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, bytes))
                            .kind());
        }
        // The burst, plus what the rate allows while the loop runs (well under a few seconds).
        assertTrue(
                registry.schemaByIdCalls.get() < SchemaIdGuard.BURST + 5 * SchemaIdGuard.LOOKUPS_PER_SECOND,
                registry.schemaByIdCalls.get() + " registry calls for 5,000 random ids");
    }

    @Test
    void aRegisteredIdOfAnotherTypeStaysUndecodableDuringAFloodOfRandomIds() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int segmentId = registeredId(registry, RoadSegment.class, Records.roadSegment(), "road.network");
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(registry, SensorReading.class);
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            int id = 1_000_000 + random.nextInt(1_000_000_000);
            assertThrows(
                    AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, record(id, new byte[] {2, 'x'})));
            assertEquals(
                    AvroSerdeException.Kind.UNDECODABLE,
                    assertThrows(
                                    AvroSerdeException.class,
                                    () -> deserializer.deserialize(TOPIC, record(segmentId, new byte[] {2, 'x'})))
                            .kind(),
                    "round " + i);
        }
    }

    @Test
    void theSameUnknownIdIsAskedOnceWhileRemembered() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(registry, SensorReading.class);
        for (int i = 0; i < 1_000; i++) {
            assertThrows(
                    AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, record(77, new byte[] {2, 'x'})));
        }
        assertEquals(1, registry.schemaByIdCalls.get());
    }

    @Test
    void anUnknownIdIsAskedAgainOnceItsMemoryExpires() {
        long[] now = {0};
        SchemaIdGuard guard = new SchemaIdGuard(() -> now[0]);
        assertEquals(null, guard.refusal(77));
        guard.unknown(77);
        assertTrue(guard.refusal(77).contains("unknown"));
        now[0] += SchemaIdGuard.REMEMBER_NANOS;
        assertEquals(null, guard.refusal(77), "a schema registered since may be used now");
    }

    @Test
    void theRateRefillsWithTime() {
        long[] now = {0};
        SchemaIdGuard guard = new SchemaIdGuard(() -> now[0]);
        for (int i = 0; i < SchemaIdGuard.BURST; i++) {
            assertEquals(null, guard.refusal(i));
        }
        assertTrue(guard.refusal(1_000).contains("not looked up"));
        now[0] += 1_000_000_000L / SchemaIdGuard.LOOKUPS_PER_SECOND;
        assertEquals(null, guard.refusal(1_000));
    }

    @Test
    void aRegistryThatRefusesThePipelineIsNotReportedAsBadData() {
        SchemaRegistryClient refusing = new InMemorySchemaRegistry() {
            @Override
            public synchronized Schema schemaById(int id) {
                throw new RegistryRefusedException(401, 401, "schema registry refused GET /schemas/ids/1 (HTTP 401)");
            }
        };
        assertThrows(
                RegistryRefusedException.class,
                () -> AvroDeserializer.specific(refusing, SensorReading.class)
                        .deserialize(TOPIC, record(1, new byte[] {2, 'x'})));
    }

    @Test
    void anIdNamingASchemaThatIsNotAvroIsUndecodableAndAskedOnce() {
        int[] calls = {0};
        SchemaRegistryClient protobuf = new InMemorySchemaRegistry() {
            @Override
            public synchronized Schema schemaById(int id) {
                calls[0]++;
                throw new RegistryException(200, RegistryException.INVALID_SCHEMA, "schema id 5 is a PROTOBUF schema");
            }
        };
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(protobuf, SensorReading.class);
        for (int i = 0; i < 3; i++) {
            AvroSerdeException e = assertThrows(
                    AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, record(5, new byte[] {2, 'x'})));
            assertEquals(AvroSerdeException.Kind.UNDECODABLE, e.kind());
        }
        assertEquals(1, calls[0], "the registry's answer will not change: asked once");
    }

    @Test
    void refusalsAreTheAuthAnswersAndA404WithoutARegistryCode() {
        assertTrue(RegistryRefusedException.isRefusal(401, 401));
        assertTrue(RegistryRefusedException.isRefusal(403, 40301));
        assertTrue(RegistryRefusedException.isRefusal(404, 404), "a wrong base path answers a plain 404");
        assertTrue(!RegistryRefusedException.isRefusal(404, 40403), "schema not found is about the data");
        assertTrue(!RegistryRefusedException.isRefusal(404, 40401));
        assertTrue(!RegistryRefusedException.isRefusal(422, 42201));
    }
}
