package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.SegmentLedgers;
import io.roadmirror.mirror.Watermark;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.state.AdvisedCondition;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.BecameHotspot;
import io.roadmirror.state.BlendFit;
import io.roadmirror.state.BlockedSegment;
import io.roadmirror.state.DetectedCrashState;
import io.roadmirror.state.EmittedState;
import io.roadmirror.state.EvaluatedThrough;
import io.roadmirror.state.ForecastProfile;
import io.roadmirror.state.ForecastSample;
import io.roadmirror.state.HotspotLedger;
import io.roadmirror.state.HotspotStanding;
import io.roadmirror.state.IncidentInput;
import io.roadmirror.state.IncidentOpening;
import io.roadmirror.state.KnownIncident;
import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.OpenIncidentEntry;
import io.roadmirror.state.OpenIncidentState;
import io.roadmirror.state.PartitionTime;
import io.roadmirror.state.PendingChanges;
import io.roadmirror.state.PublishedStates;
import io.roadmirror.state.ReadingInput;
import io.roadmirror.state.RoutingChange;
import io.roadmirror.state.RoutingWeight;
import io.roadmirror.state.SegmentChange;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.state.SegmentLedger;
import io.roadmirror.state.SegmentStopsState;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.SourcePromise;
import io.roadmirror.state.Tally;
import io.roadmirror.state.TimedChange;
import io.roadmirror.state.UpstreamProgress;
import io.roadmirror.state.VehicleStopInput;
import io.roadmirror.state.VehicleTrackState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
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
    static final Map<Class<?>, List<String>> RELEASED = Map.ofEntries(
            Map.entry(SegmentLedger.class, List.of("d61d907582ded42d", "ddee53980cbacfee")), // v2: pendingStops
            Map.entry(
                    SegmentInput.class,
                    List.of("2ae5128476743eda", "ca6b1e0902ce90c7", "2c5497cfc3214168")), // v2: stop, v3: countAt
            Map.entry(Tally.class, List.of("204d2ab3496b7c0")),
            // v1: the Tally the pending changes store held per grid time, read through the schema's alias
            Map.entry(PendingChanges.class, List.of("204d2ab3496b7c0", "8499d1f53cf6748d")),
            Map.entry(MirrorClock.class, List.of("a14685231d1f1788")),
            Map.entry(SegmentStopsState.class, List.of("853fad8051e8177f")),
            Map.entry(PublishedStates.class, List.of("57462ea6433021d2")),
            Map.entry(KnownIncident.class, List.of("f2d03b30c486d676")),
            Map.entry(VehicleTrackState.class, List.of("bd10733e279b8272")),
            Map.entry(HotspotLedger.class, List.of("1fda290dc16b0064")),
            Map.entry(AdvisedCondition.class, List.of("405068e4648466ec")),
            Map.entry(AdvisoryEvent.class, List.of("1c250032ba81c671")),
            Map.entry(RoutingWeight.class, List.of("f621a7c500844b9c")),
            Map.entry(
                    ForecastProfile.class,
                    List.of("51df03a5a5034e40", "df3ada1a628fb6fc")), // v2: recent, fits // v2: recent, fits
            Map.entry(BlockedSegment.class, List.of("b6f72d03fea7dc85")),
            Map.entry(PartitionTime.class, List.of("ad56e0e4db5c053f")),
            Map.entry(SourcePromise.class, List.of("7c6284873c3299ee", "40f037bae076eeb")), // v2: inputTimes
            // The contract's record, kept as it is in advisory-log-store: a compatible change to the contract ships the
            // old one too.
            Map.entry(RoutingAdvisory.class, List.of("c4b018bfd6d63c47")));

    /** A value of each internal schema, with its defaulted fields set to something other than their default where they can be. */
    static final List<SpecificRecord> SAMPLES = List.of(
            ledger(),
            new SegmentInput(
                    2,
                    99L,
                    true,
                    5L,
                    new ReadingInput("s", 90L, 50.0, 3, 12.5, 30),
                    null,
                    null,
                    new VehicleStopInput("v", 91L, 3.5, true),
                    97L),
            new SegmentStopsState(
                    List.of(new VehicleStopInput("v", 91L, 3.5, true)),
                    List.of(new DetectedCrashState("det-A-B-91", 3.5, List.of("v", "w"), 91L))),
            tally(3),
            new PendingChanges(0, 0L, 0, 0L, 0L, 0L, 0L, 0, 0, null, List.of(new TimedChange(500L, tally(-1)))),
            new MirrorClock(List.of(new UpstreamProgress(7L, true))),
            new PublishedStates(
                    "A-B",
                    List.of(new EmittedState(
                            5L, CongestionLevel.SLOW, 30.5, 900.0, 12.0, 118.0, 72.0, 2, 1, List.of("i"), 4L))),
            new KnownIncident("i", "A-B", "CRASH", 4, true, "DETECTED", 1L, 2L, "two cars"),
            new VehicleTrackState("v", "A-B", 3.5, 4, true, 9L, 12.0),
            new HotspotLedger(
                    List.of(new IncidentOpening("c", 4L, 3, true, true)),
                    3,
                    new HotspotStanding("WATCH", 1, 3, List.of("c"), 0L, 10L)),
            new AdvisedCondition("CONGESTION", "WARNING", List.of("i"), 7L, 93.5),
            new AdvisoryEvent(
                    12L,
                    new SegmentChange(
                            "STOPPED", 4.5, 400.0, 400.0, List.of(new OpenIncidentEntry("c", "CLOSURE", 5, 3L))),
                    new BecameHotspot(List.of("c"), 3),
                    new EvaluatedThrough(2),
                    List.of(new RoutingChange("A-C", 11L, 92.5, false, "SLOW"))),
            new RoutingWeight(93.5, true, "CONGESTED"),
            new ForecastProfile(
                    15,
                    List.of(40.0, 35.5),
                    List.of(2, 1),
                    5L,
                    30.0,
                    2.0,
                    40.0,
                    6L,
                    6L,
                    List.of(new ForecastSample(1L, 40.0, -2.5, 0.5, List.of(0.0, -1.0, -2.0, -4.0))),
                    List.of(new BlendFit(5, 12.5, List.of(1.0, 0.0, 0.0, 2.0, 0.0, 3.0), List.of(0.5, 0.2, 0.1)))),
            new BlockedSegment(List.of("c1", "x4")),
            new PartitionTime(1_700_000_000_000L),
            new SourcePromise(1_700_000_000_001L, Map.of("vehicle.positions", 1_700_000_000_000L)),
            StoreValuesTest.ADVISORY);

    @Test
    void everyInternalSchemaIsFrozenHere() throws IOException {
        Set<String> frozen =
                RELEASED.keySet().stream().map(Class::getSimpleName).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Path.of("schemas", "internal"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .forEach(
                            n -> assertTrue(
                                    frozen.contains(n.replace(".avsc", "")),
                                    "schemas/internal/" + n
                                            + " is internal state: freeze its fingerprint in RELEASED and give a sample in SAMPLES"));
        }
    }

    @Test
    void everyReleasedVersionOfTheInternalSchemasIsStillRead() {
        for (Map.Entry<Class<?>, List<String>> released : RELEASED.entrySet()) {
            Schema current = SpecificData.get().getSchema(released.getKey());
            List<String> readable = new ArrayList<>();
            readable.add(Long.toHexString(SchemaNormalization.parsingFingerprint64(current)));
            VersionedSerde.shippedHistory(current.getFullName())
                    .forEach(old -> readable.add(Long.toHexString(SchemaNormalization.parsingFingerprint64(old))));
            for (String version : released.getValue()) {
                assertTrue(
                        readable.contains(version),
                        current.getFullName() + " changed: the released schema ("
                                + version + ") must be kept in src/main/resources/" + VersionedSerde.HISTORY
                                + current.getFullName()
                                + ".vN.avsc so that state written by that release is read in place; then freeze the new fingerprint here");
            }
            assertTrue(
                    released.getValue().contains(readable.get(0)),
                    current.getFullName() + " is not released yet as " + readable.get(0)
                            + ": keep its previous version in the history and add the new fingerprint here");
        }
    }

    @Test
    void theSegmentSideReadsInPlaceWhatTheReleaseBeforeVehicleStopsWrote() throws IOException {
        Schema v1 = VersionedSerde.shippedHistory(SegmentInput.getClassSchema().getFullName())
                .get(0);
        GenericRecord probe =
                new GenericData.Record(v1.getField("probe").schema().getTypes().get(1));
        probe.put("vehicleId", "v1");
        probe.put("eventTime", 40L);
        probe.put("speedKph", 12.5);
        GenericRecord input = new GenericData.Record(v1);
        input.put("upstream", 1);
        input.put("progress", 41L);
        input.put("idle", false);
        input.put("ingestedAt", 0L);
        input.put("probe", probe);
        SegmentInput read = VersionedSerde.of(SegmentInput.class)
                .deserializer()
                .deserialize("segment-inputs-repartition", singleObject(v1, input));
        assertEquals("v1", read.getProbe().getVehicleId());
        assertNull(read.getStop(), "a v1 input is no vehicle stop");

        Schema ledgerV1 = VersionedSerde.shippedHistory(
                        SegmentLedger.getClassSchema().getFullName())
                .get(0);
        GenericRecord ledger = new GenericData.Record(ledgerV1);
        ledger.put("asOf", 42L);
        ledger.put("totals", SpecificData.get().deepCopy(Tally.getClassSchema(), tally(2)));
        ledger.put("sensors", List.of());
        ledger.put("incidents", List.of());
        ledger.put("pending", List.of());
        SegmentLedger readLedger = VersionedSerde.of(SegmentLedger.class)
                .deserializer()
                .deserialize("mirror-store-changelog", singleObject(ledgerV1, ledger));
        assertEquals(42L, readLedger.getAsOf());
        assertTrue(readLedger.getPendingStops().isEmpty(), "no stop was pending in a v1 ledger");
        readLedger.getPendingStops().add(new VehicleStopInput("v1", 50L, 3.0, true)); // and it takes new ones in place
    }

    @Test
    void aPendingChangeOfTheReleaseBeforeBlocksIsReadInPlaceAsTheChangeAtItsKeysTime() {
        // That release kept one Tally per grid time in mirror-changes-store, written by this very serde of Tally.
        Tally written = new Tally(-2, -61_000L, 1, 7L, 385_000L, 840_000L, 9_500L, 1, 0, 40L);
        byte[] old = VersionedSerde.of(Tally.class).serializer().serialize("mirror-changes-store-changelog", written);

        PendingChanges read = VersionedSerde.of(PendingChanges.class)
                .deserializer()
                .deserialize("mirror-changes-store-changelog", old);

        assertEquals(
                written,
                new Tally(
                        read.getProbes(),
                        read.getProbeSpeedMilli(),
                        read.getSensors(),
                        read.getSpeedWeight(),
                        read.getSensorSpeedMilli(),
                        read.getFlowMilli(),
                        read.getOccupancyMilli(),
                        read.getOccupancyCount(),
                        read.getStanding(),
                        read.getNewestReading()),
                "every sum kept");
        assertTrue(read.getChanges().isEmpty(), "no block changes in a value of that release");
        read.getChanges().add(new TimedChange(40L, written)); // and the block takes changes in place
        assertEquals(1, read.getChanges().size());
    }

    @Test
    void everyListADecodedValueHoldsCanBeEditedThroughItsIterator() {
        // Avro's own array lets no iterator remove: a rule that prunes a list read back from a store (evicted from
        // the object cache, or restored) failed where the same rule on a value fresh from the cache passed.
        SegmentLedger ledger = ledger();
        VersionedSerde<SegmentLedger> ledgers = VersionedSerde.of(SegmentLedger.class);
        SegmentLedger read =
                ledgers.deserializer().deserialize("t", ledgers.serializer().serialize("t", ledger));
        assertTrue(read.getSensors().removeIf(sensor -> sensor.getSensorId().equals("s1")));
        assertTrue(read.getIncidents().removeIf(incident -> true));
        assertTrue(read.getPending().removeIf(incident -> true));
        assertTrue(read.getPendingStops().removeIf(stop -> true));

        PendingChanges block = new PendingChanges(
                0, 0L, 0, 0L, 0L, 0L, 0L, 0, 0, null, new ArrayList<>(List.of(new TimedChange(1L, tally(1)))));
        VersionedSerde<PendingChanges> blocks = VersionedSerde.of(PendingChanges.class);
        PendingChanges readBlock =
                blocks.deserializer().deserialize("t", blocks.serializer().serialize("t", block));
        Iterator<TimedChange> changes = readBlock.getChanges().iterator();
        changes.next();
        changes.remove();
        assertTrue(readBlock.getChanges().isEmpty());
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

    /**
     * For every internal schema and each field that has a default, at any depth: state written by a
     * release whose schema lacked that field (the previous version, as far as this field goes) is read
     * in place, the field taking its default and every other value kept. So adding such a field later
     * needs no reset.
     */
    @Test
    void stateWrittenByThePreviousVersionOfEachSchemaIsRead() throws IOException {
        assertEquals(
                RELEASED.keySet(),
                SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()),
                "a sample of every schema");
        for (SpecificRecord sample : SAMPLES) {
            SpecificData model = SpecificData.getForClass(sample.getClass());
            Schema current = sample.getSchema();
            @SuppressWarnings("unchecked")
            Class<SpecificRecord> type = (Class<SpecificRecord>) sample.getClass();
            int shown = 0;
            for (Map.Entry<Schema, Schema.Field> added : defaultedFields(current)) {
                String what = current.getName() + " written without "
                        + added.getKey().getName() + "." + added.getValue().name();
                Schema previous = without(
                        current, added.getKey().getFullName(), added.getValue().name(), new HashMap<>());
                byte[] old = asWrittenBy(previous, current, encode(current, sample, model));

                SpecificRecord read = VersionedSerde.withHistory(type, List.of(previous))
                        .deserializer()
                        .deserialize("t", singleObject(old, previous));

                Object byDefault = model.getDefaultValue(added.getValue());
                for (IndexedRecord r : recordsOf(read, added.getKey().getFullName(), new ArrayList<>())) {
                    assertEquals(
                            byDefault, r.get(added.getValue().pos()), what + ": the added field takes its default");
                }
                assertArrayEquals(
                        old,
                        asWrittenBy(previous, current, encode(current, read, model)),
                        what + ": every other value kept");
                shown += recordsOf(sample, added.getKey().getFullName(), new ArrayList<>()).stream()
                                .anyMatch(r -> !Objects.equals(
                                        byDefault, r.get(added.getValue().pos())))
                        ? 1
                        : 0;
            }
            assertTrue(
                    shown > 0, current.getName() + ": no sampled field differs from its default, so nothing was shown");
        }
    }

    @Test
    void theHistoryOfASchemaIsReadInVersionOrder() {
        List<Schema> history = VersionedSerde.shippedHistory("io.roadmirror.example.Shipped"); // src/test/resources
        assertEquals(2, history.size());
        assertEquals(1, history.get(0).getFields().size());
        assertEquals(2, history.get(1).getFields().size());
        assertTrue(VersionedSerde.shippedHistory("io.roadmirror.example.Unreleased")
                .isEmpty());
    }

    @Test
    void aValueOfAnUnknownVersionIsRefusedWithWhatToDo() throws IOException {
        Schema current = SpecificData.get().getSchema(MirrorClock.class);
        Schema later = withoutField(current, "upstreams"); // any schema this release does not ship
        GenericRecord value = new GenericData.Record(later);
        SerializationException e = assertThrows(
                SerializationException.class,
                () -> VersionedSerde.of(MirrorClock.class).deserializer().deserialize("t", singleObject(later, value)));
        assertTrue(
                e.getMessage().contains("later roadmirror release")
                        && e.getMessage().contains("kafka-streams-application-reset"),
                e.getMessage());
    }

    @Test
    void everyInternalValueRoundTripsAndForeignBytesAreRefused() {
        SegmentLedger ledger = SegmentLedgers.empty();
        ledger.setAsOf(5L);
        SegmentLedgers.putSensor(ledger, new SensorLatest("s", 4L, null, 0, 51.0, 60));
        VersionedSerde<SegmentLedger> serde = VersionedSerde.of(SegmentLedger.class);
        assertEquals(
                ledger, serde.deserializer().deserialize("t", serde.serializer().serialize("t", ledger)));
        SegmentInput beat = new SegmentInput(2, 99L, true, 0L, null, null, null, null, -1L);
        VersionedSerde<SegmentInput> inputs = VersionedSerde.of(SegmentInput.class);
        assertEquals(
                beat, inputs.deserializer().deserialize("t", inputs.serializer().serialize("t", beat)));
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
        SegmentLedger read =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", ledger));
        SegmentLedgers.putSensor(
                read, new SensorLatest("s1", 9L, 20.0, 1, null, 30)); // what a restored task does first
        SegmentLedgers.forgetExpiredSensors(read, 10_000L, 1_000L);
        assertTrue(read.getSensors().isEmpty());

        MirrorClock clock = Watermark.clock(2);
        VersionedSerde<MirrorClock> clocks = VersionedSerde.of(MirrorClock.class);
        MirrorClock restored =
                clocks.deserializer().deserialize("t", clocks.serializer().serialize("t", clock));
        assertTrue(Watermark.heard(restored, 3, 7L, false));
        assertEquals(4, restored.getUpstreams().size());
    }

    private static SegmentLedger ledger() {
        SegmentLedger ledger = SegmentLedgers.empty();
        ledger.setAsOf(42L);
        ledger.setTotals(tally(2));
        SegmentLedgers.putSensor(ledger, new SensorLatest("s1", 40L, 55.5, 7, 9.5, 30));
        ledger.setIncidents(List.of(new OpenIncidentState("i", "CRASH", 3, 30L)));
        ledger.setPending(List.of(new IncidentInput("OPENED", "j", "DEBRIS", 2, 50L, 50L, "CROWD")));
        ledger.setLastEmitted(new EmittedState(
                40L, CongestionLevel.FREE_FLOW, 55.5, 840.0, 9.5, 60.0, 60.0, 1, 0, List.of("i"), 40L));
        ledger.setReviewAt(100L);
        ledger.setPendingStops(List.of(new VehicleStopInput("v", 60L, 3.5, true)));
        return ledger;
    }

    /** Every field with a default, with the record it is in, in the schema and the records it contains. */
    private static List<Map.Entry<Schema, Schema.Field>> defaultedFields(Schema root) {
        List<Map.Entry<Schema, Schema.Field>> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            switch (s.getType()) {
                case RECORD -> {
                    if (seen.add(s.getFullName())) {
                        s.getFields().forEach(f -> {
                            if (f.hasDefaultValue()) {
                                found.add(Map.entry(s, f));
                            }
                            todo.push(f.schema());
                        });
                    }
                }
                case ARRAY -> todo.push(s.getElementType());
                case MAP -> todo.push(s.getValueType());
                case UNION -> s.getTypes().forEach(todo::push);
                default -> {}
            }
        }
        return found;
    }

    /** The schema with one field of one of its records left out: what a release before that field wrote. */
    private static Schema without(Schema s, String record, String dropped, Map<String, Schema> copies) {
        switch (s.getType()) {
            case RECORD -> {
                Schema copy = copies.get(s.getFullName());
                if (copy == null) {
                    copy = Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false);
                    copies.put(s.getFullName(), copy);
                    List<Schema.Field> fields = new ArrayList<>();
                    for (Schema.Field f : s.getFields()) {
                        if (!(s.getFullName().equals(record) && f.name().equals(dropped))) {
                            fields.add(new Schema.Field(
                                    f.name(), without(f.schema(), record, dropped, copies), f.doc(), f.defaultVal()));
                        }
                    }
                    copy.setFields(fields);
                }
                return copy;
            }
            case ARRAY -> {
                return Schema.createArray(without(s.getElementType(), record, dropped, copies));
            }
            case MAP -> {
                return Schema.createMap(without(s.getValueType(), record, dropped, copies));
            }
            case UNION -> {
                return Schema.createUnion(s.getTypes().stream()
                        .map(t -> without(t, record, dropped, copies))
                        .toList());
            }
            default -> {
                return s;
            }
        }
    }

    private static List<IndexedRecord> recordsOf(Object value, String fullName, List<IndexedRecord> found) {
        if (value instanceof IndexedRecord r) {
            if (r.getSchema().getFullName().equals(fullName)) {
                found.add(r);
            }
            r.getSchema().getFields().forEach(f -> recordsOf(r.get(f.pos()), fullName, found));
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> recordsOf(v, fullName, found));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> recordsOf(v, fullName, found));
        }
        return found;
    }

    private static byte[] encode(Schema schema, Object value, GenericData model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(schema, model).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** The same content as {@code previous} has it: Avro resolution leaves out what it lacks. */
    private static byte[] asWrittenBy(Schema previous, Schema current, byte[] currentBinary) throws IOException {
        Object value = new GenericDatumReader<Object>(current, previous, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(currentBinary, null));
        return encode(previous, value, GenericData.get());
    }

    private static byte[] singleObject(byte[] binary, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        out.write(binary);
        return out.toByteArray();
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
