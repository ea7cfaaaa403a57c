package io.roadmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.SensorReading;
import io.roadmirror.serde.AvroSerdeException;
import io.roadmirror.serde.AvroSerdes;
import io.roadmirror.testing.Records;
import io.roadmirror.testing.SharedInfra;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client and serde against a real Confluent-compatible registry (Apicurio's ccompat API, a child JVM). */
class HttpSchemaRegistryClientIT {
    private HttpSchemaRegistryClient client;
    private String topic;

    @BeforeEach
    void setUp() {
        client = SharedInfra.client();
        topic = "t-" + UUID.randomUUID();
    }

    private static Schema reading(String... extraOptionalFields) {
        var fields = SchemaBuilder.record("Reading")
                .namespace("test")
                .fields()
                .requiredString("id")
                .requiredDouble("speed");
        for (String f : extraOptionalFields) {
            fields = fields.optionalString(f);
        }
        return fields.endRecord();
    }

    @Test
    void registerIsIdempotentAndLookupLatestAndByIdAgree() {
        String subject = topic + "-value";
        Schema v1 = reading();
        int id = client.register(subject, v1);
        assertEquals(id, client.register(subject, v1), "same schema, same id");

        RegisteredSchema latest = client.latest(subject);
        assertEquals(id, latest.id());
        assertEquals(1, latest.version());
        assertEquals(v1, latest.schema());
        assertEquals(v1, SharedInfra.client().schemaById(id), "fresh client, fetched by id");
        assertEquals(Optional.of(id), client.lookup(subject, v1).map(RegisteredSchema::id));
        assertEquals(Optional.empty(), client.lookup(subject, reading("other")));
        assertTrue(client.subjects().contains(subject));
    }

    @Test
    void aCompatibleChangeIsAcceptedAsANewVersion() {
        String subject = topic + "-value";
        int v1 = client.register(subject, reading());
        Schema v2 = reading("note"); // optional field with a default: BACKWARD compatible
        assertTrue(client.isCompatible(subject, v2));
        int id2 = client.register(subject, v2);
        assertNotEquals(v1, id2);
        assertEquals(2, client.latest(subject).version());
    }

    @Test
    void anIncompatibleChangeIsRejectedByTheRegistryWithAClearError() {
        String subject = topic + "-value";
        client.register(subject, reading());
        Schema breaking = SchemaBuilder.record("Reading")
                .namespace("test")
                .fields()
                .requiredString("id")
                .requiredString("speed")
                .requiredInt("lane")
                .endRecord(); // retyped + new required field

        assertFalse(client.isCompatible(subject, breaking));
        RegistryException e = assertThrows(RegistryException.class, () -> client.register(subject, breaking));

        assertTrue(e.isIncompatible(), "409: " + e.getMessage());
        assertEquals(409, e.httpStatus());
        assertTrue(e.getMessage().contains(subject), e.getMessage());
        assertTrue(e.getMessage().contains("add fields only with defaults"), e.getMessage());
    }

    @Test
    void subjectCompatibilityCanBeReadAndSet() {
        String subject = topic + "-value";
        client.register(subject, reading());
        client.setSubjectCompatibility(subject, Compatibility.FULL);
        assertEquals(Optional.of(Compatibility.FULL), client.subjectCompatibility(subject));
        assertEquals(Compatibility.BACKWARD, client.globalCompatibility());
    }

    @Test
    void anUnknownIdIsA40403AndTheDeserializerCallsItUnknownSchema() {
        RegistryException e = assertThrows(RegistryException.class, () -> client.schemaById(987_654));
        assertEquals(RegistryException.SCHEMA_NOT_FOUND, e.errorCode());
        AvroSerdeException serde = assertThrows(
                AvroSerdeException.class,
                () -> AvroSerdes.specific(SensorReading.class, client, false)
                        .deserializer()
                        .deserialize(topic, new byte[] {0, 0, 0x0f, 0x0f, 0x0f, 2}));
        assertEquals(AvroSerdeException.Kind.UNKNOWN_SCHEMA, serde.kind());
    }

    @Test
    void recordsRoundTripThroughTheRealRegistryAndAGenericConsumerReadsThem() {
        Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, client, true);
        byte[] bytes = serde.serializer().serialize(topic, Records.sensorReading());

        SensorReading back = AvroSerdes.specific(SensorReading.class, SharedInfra.client(), false)
                .deserializer()
                .deserialize(topic, bytes);
        GenericData.Record generic =
                AvroSerdes.generic(SharedInfra.client(), false).deserializer().deserialize(topic, bytes);

        assertEquals(Records.sensorReading(), back);
        assertEquals("loop-17", generic.get("sensorId").toString());
        assertEquals(
                client.latest(topic + "-value").id(),
                ByteBuffer.wrap(bytes, 1, 4).getInt(),
                "id in the header is the registered id");
    }

    @Test
    void withAutoRegistrationOffTheSerializerFindsAPreRegisteredSchema() {
        // As `register-schemas` does: the schema of the contract file, without Java-only properties.
        int id = client.register(
                topic + "-value", io.roadmirror.serde.AvroSchemas.portable(SensorReading.getClassSchema()));
        byte[] bytes = AvroSerdes.specific(SensorReading.class, SharedInfra.client(), false)
                .serializer()
                .serialize(topic, Records.sensorReading());
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
    }
}
