package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.SegmentLedgers;
import io.roadmirror.mirror.Watermark;
import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.state.SegmentLedger;
import io.roadmirror.state.SegmentStopsState;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.Tally;
import io.roadmirror.state.VehicleStopInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Internal state on versioned schemas (docs/design.md "Internal state"): the next release reads what this one wrote, in place. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VersionedSerdeTest {

    /**
     * The fingerprints of the internal schemas as released. Changing a schema changes its
     * fingerprint: then copy the released schema to src/main/resources/state-schemas/history/
     * (FullName.vN.avsc), so state written by the release is still read, and update this list.
     */
    static final Map<Class<?>, List<String>> RELEASED = Map.of(
            SegmentLedger.class, List.of("d61d907582ded42d", "ddee53980cbacfee"), // v2: pendingStops
            SegmentInput.class, List.of("2ae5128476743eda", "ca6b1e0902ce90c7"), // v2: stop
            Tally.class, List.of("204d2ab3496b7c0"),
            MirrorClock.class, List.of("a14685231d1f1788"),
            SegmentStopsState.class, List.of("853fad8051e8177f"));

    @Test
    void everyReleasedVersionOfTheInternalSchemasIsStillRead() {
        for (Map.Entry<Class<?>, List<String>> released : RELEASED.entrySet()) {
            Schema current = SpecificData.get().getSchema(released.getKey());
            List<String> readable = new ArrayList<>();
            readable.add(Long.toHexString(SchemaNormalization.parsingFingerprint64(current)));
            VersionedSerde.shippedHistory(current.getFullName())
                    .forEach(old -> readable.add(Long.toHexString(SchemaNormalization.parsingFingerprint64(old))));
            for (String version : released.getValue()) {
                assertTrue(readable.contains(version), current.getFullName() + " changed: the released schema ("
                        + version + ") must be kept in src/main/resources/" + VersionedSerde.HISTORY + current.getFullName()
                        + ".vN.avsc so that state written by that release is read in place; then freeze the new fingerprint here");
            }
            assertTrue(released.getValue().contains(readable.get(0)), current.getFullName() + " is not released yet as "
                    + readable.get(0) + ": keep its previous version in the history and add the new fingerprint here");
        }
    }

    @Test
    void theSegmentSideReadsInPlaceWhatTheReleaseBeforeVehicleStopsWrote() throws IOException {
        Schema v1 = VersionedSerde.shippedHistory(SegmentInput.getClassSchema().getFullName()).get(0);
        GenericRecord probe = new GenericData.Record(v1.getField("probe").schema().getTypes().get(1));
        probe.put("vehicleId", "v1");
        probe.put("eventTime", 40L);
        probe.put("speedKph", 12.5);
        GenericRecord input = new GenericData.Record(v1);
        input.put("upstream", 1);
        input.put("progress", 41L);
        input.put("idle", false);
        input.put("ingestedAt", 0L);
        input.put("probe", probe);
        SegmentInput read = VersionedSerde.of(SegmentInput.class).deserializer()
                .deserialize("segment-inputs-repartition", singleObject(v1, input));
        assertEquals("v1", read.getProbe().getVehicleId());
        assertNull(read.getStop(), "a v1 input is no vehicle stop");

        Schema ledgerV1 = VersionedSerde.shippedHistory(SegmentLedger.getClassSchema().getFullName()).get(0);
        GenericRecord ledger = new GenericData.Record(ledgerV1);
        ledger.put("asOf", 42L);
        ledger.put("totals", SpecificData.get().deepCopy(Tally.getClassSchema(), tally(2)));
        ledger.put("sensors", List.of());
        ledger.put("incidents", List.of());
        ledger.put("pending", List.of());
        SegmentLedger readLedger = SegmentLedgers.editable(VersionedSerde.of(SegmentLedger.class).deserializer()
                .deserialize("mirror-store-changelog", singleObject(ledgerV1, ledger)));
        assertEquals(42L, readLedger.getAsOf());
        assertTrue(readLedger.getPendingStops().isEmpty(), "no stop was pending in a v1 ledger");
        readLedger.getPendingStops().add(new VehicleStopInput("v1", 50L, 3.0, true)); // and it takes new ones in place
    }

    @Test
    void aValueWrittenBeforeAFieldWasAddedIsReadWithTheFieldsDefault() throws IOException {
        Schema current = SpecificData.get().getSchema(SegmentLedger.class);
        Schema previous = withoutField(current, "reviewAt"); // the release before reviewAt existed
        GenericRecord old = new GenericData.Record(previous);
        old.put("asOf", 42L);
        old.put("totals", SpecificData.get().deepCopy(Tally.getClassSchema(), tally(3)));
        old.put("sensors", List.of(new SensorLatest("s1", 40L, 55.5, 7, null, 30)));
        old.put("incidents", List.of());
        old.put("pending", List.of());
        old.put("lastEmitted", null);
        old.put("pendingStops", List.of());

        VersionedSerde<SegmentLedger> serde = VersionedSerde.withHistory(SegmentLedger.class, List.of(previous));
        SegmentLedger read = serde.deserializer().deserialize("mirror-store-changelog", singleObject(previous, old));

        assertEquals(42L, read.getAsOf());
        assertEquals(3, read.getTotals().getProbes());
        assertEquals("s1", read.getSensors().get(0).getSensorId());
        assertNull(read.getReviewAt(), "the added field takes its default");
    }

    @Test
    void aValueOfAnUnknownVersionIsRefusedWithWhatToDo() throws IOException {
        Schema current = SpecificData.get().getSchema(MirrorClock.class);
        Schema later = withoutField(current, "upstreams"); // any schema this release does not ship
        GenericRecord value = new GenericData.Record(later);
        SerializationException e = assertThrows(SerializationException.class,
                () -> VersionedSerde.of(MirrorClock.class).deserializer().deserialize("t", singleObject(later, value)));
        assertTrue(e.getMessage().contains("later roadmirror release") && e.getMessage().contains("kafka-streams-application-reset"),
                e.getMessage());
    }

    @Test
    void everyInternalValueRoundTripsAndForeignBytesAreRefused() {
        SegmentLedger ledger = SegmentLedgers.empty();
        ledger.setAsOf(5L);
        SegmentLedgers.putSensor(ledger, new SensorLatest("s", 4L, null, 0, 51.0, 60));
        VersionedSerde<SegmentLedger> serde = VersionedSerde.of(SegmentLedger.class);
        assertEquals(ledger, serde.deserializer().deserialize("t", serde.serializer().serialize("t", ledger)));
        SegmentInput beat = new SegmentInput(2, 99L, true, 0L, null, null, null, null);
        VersionedSerde<SegmentInput> inputs = VersionedSerde.of(SegmentInput.class);
        assertEquals(beat, inputs.deserializer().deserialize("t", inputs.serializer().serialize("t", beat)));
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", new byte[] {'{', '}'}));
        byte[] whole = serde.serializer().serialize("t", ledger);
        byte[] truncated = new byte[whole.length - 2];
        System.arraycopy(whole, 0, truncated, 0, truncated.length);
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", truncated));
    }

    @Test
    void aDecodedLedgerAndClockCanBeEditedInPlace() {
        SegmentLedger ledger = SegmentLedgers.empty();
        SegmentLedgers.putSensor(ledger, new SensorLatest("s1", 4L, 50.0, 3, null, 30));
        SegmentLedgers.putSensor(ledger, new SensorLatest("s2", 5L, 50.0, 3, null, 30));
        VersionedSerde<SegmentLedger> serde = VersionedSerde.of(SegmentLedger.class);
        SegmentLedger read = SegmentLedgers.editable(serde.deserializer().deserialize("t", serde.serializer().serialize("t", ledger)));
        SegmentLedgers.putSensor(read, new SensorLatest("s1", 9L, 20.0, 1, null, 30)); // what a restored task does first
        SegmentLedgers.forgetExpiredSensors(read, 10_000L, 1_000L);
        assertTrue(read.getSensors().isEmpty());

        MirrorClock clock = Watermark.clock(2);
        VersionedSerde<MirrorClock> clocks = VersionedSerde.of(MirrorClock.class);
        MirrorClock restored = clocks.deserializer().deserialize("t", clocks.serializer().serialize("t", clock));
        assertTrue(Watermark.heard(restored, 3, 7L, false));
        assertEquals(4, restored.getUpstreams().size());
    }

    private static Tally tally(int probes) {
        Tally t = new Tally(probes, 0L, 0, 0L, 0L, 0L, 0L, 0, 0, null);
        return t;
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(dropped)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** What an earlier release wrote: the single-object header with its schema's fingerprint, then Avro binary. */
    private static byte[] singleObject(Schema schema, GenericRecord value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, SpecificData.get()).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
