package io.roadmirror.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.SensorReading;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.testing.Records;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, the deserializer returns a record or throws {@link AvroSerdeException}:
 * never another exception, never an error such as OutOfMemoryError. And whatever a valid record
 * holds (any Unicode, any double), it reads back equal. A bounded number of tries per property.
 */
class AvroDecodingPropertiesTest {
    private static final String TOPIC = "sensor.readings";
    private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();
    private static final AvroSerializer<SensorReading> SERIALIZER = new AvroSerializer<>(REGISTRY, true, false);
    private static final AvroDeserializer<SensorReading> DESERIALIZER =
            AvroDeserializer.specific(REGISTRY, SensorReading.class);
    private static final byte[] VALID = SERIALIZER.serialize(TOPIC, Records.sensorReading());

    /** Decodes, allowing only a record or a typed failure. */
    private static void decodeOrFailTyped(byte[] bytes) {
        try {
            DESERIALIZER.deserialize(TOPIC, bytes);
        } catch (AvroSerdeException expected) {
            // a dead letter, as it should be
        }
    }

    @Property(tries = 3000)
    void anyBodyAfterAValidHeaderDecodesOrFailsTyped(@ForAll @Size(max = 64) byte[] body) {
        byte[] bytes = Arrays.copyOf(VALID, WireFormat.HEADER_LENGTH + body.length);
        System.arraycopy(body, 0, bytes, WireFormat.HEADER_LENGTH, body.length);
        decodeOrFailTyped(bytes);
    }

    @Property(tries = 3000)
    void aValidRecordWithBytesChangedDecodesOrFailsTyped(
            @ForAll @Size(min = 1, max = 6)
                    List<@net.jqwik.api.constraints.IntRange(min = 5, max = 200) Integer> positions,
            @ForAll byte replacement) {
        byte[] bytes = VALID.clone();
        for (int p : positions) {
            bytes[p % bytes.length < 5 ? 5 : p % bytes.length] = replacement;
        }
        decodeOrFailTyped(bytes);
    }

    @Property(tries = 1000)
    void anyBytesAtAllDecodeOrFailTyped(@ForAll @Size(max = 64) byte[] bytes) {
        decodeOrFailTyped(bytes);
    }

    @Provide
    Arbitrary<Double> optionalDouble() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY))
                .injectNull(0.2);
    }

    @Property(tries = 1000)
    void anyValidReadingReadsBackEqual(
            @ForAll @Size(max = 200) String sensorId,
            @ForAll @Size(max = 200) String gatewayId,
            @ForAll long time,
            @ForAll("optionalDouble") Double speed,
            @ForAll int count,
            @ForAll("optionalDouble") Double occupancy,
            @ForAll int interval) {
        SensorReading r = new SensorReading(
                sensorId, gatewayId, "A-B", Instant.ofEpochMilli(time), speed, count, occupancy, interval);
        assertEquals(r, DESERIALIZER.deserialize(TOPIC, SERIALIZER.serialize(TOPIC, r)));
    }
}
