package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.advisories.AdvisoryMemory;
import io.roadmirror.advisories.SegmentClosures;
import io.roadmirror.hotspots.HotspotRules;
import io.roadmirror.hotspots.IncidentHistory;
import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.incidents.IncidentState;
import io.roadmirror.incidents.SegmentStops;
import io.roadmirror.incidents.VehicleStop;
import io.roadmirror.incidents.VehicleTrack;
import io.roadmirror.mirror.LiveState;
import io.roadmirror.mirror.StateHistory;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** What the stores and internal topics hold survives the round trip exactly, and old or foreign bytes are handled. */
class StoreValuesTest {
    private static final LiveState STATE = new LiveState("A-B", 5, CongestionLevel.SLOW, 30.5, null, 12.0, 118.0, 72.0, 2, 1,
            List.of("i"), 4L);
    private static final StateHistory HISTORY = StateHistory.empty().with(STATE).with(new LiveState("A-B", 9, CongestionLevel.UNKNOWN,
            null, null, null, 72.0, 72.0, 0, 0, List.of(), null));
    private static final IncidentChange CHANGE = new IncidentChange(IncidentChange.Kind.OPENED, "i", "A-B", IncidentType.CRASH, 3, 5, 5,
            IncidentSource.CROWD);

    private static <T> T roundTrip(T value, Class<T> type) {
        StateSerde<T> serde = StateSerde.of(type);
        T back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
        assertEquals(value, back);
        return back;
    }

    @Test
    void everyStoredTypeRoundTrips() {
        roundTrip(HISTORY, StateHistory.class);
        roundTrip(CHANGE, IncidentChange.class);
        roundTrip(new VehicleStop("v", "A-B", 3.5, true, 9), VehicleStop.class);
        roundTrip(new VehicleTrack("v", "A-B", 3.5, 4, true, 9, 0.0), VehicleTrack.class);
        roundTrip(new IncidentState("i", "A-B", IncidentType.ROADWORK, 1, false, IncidentSource.OPERATOR, 1, 2, null),
                IncidentState.class);
        roundTrip(new SegmentStops("A-B", Map.of("v", new VehicleStop("v", "A-B", 3.5, true, 9)),
                List.of(new SegmentStops.DetectedCrash("c", 3.5, List.of("v", "w"), 9))), SegmentStops.class);
        IncidentHistory history = IncidentHistory.empty().withOpening(new IncidentHistory.Entry("i", 3, 2));
        roundTrip(history.published(history.assess(10, HotspotRules.DEFAULTS)), IncidentHistory.class);
        roundTrip(new AdvisoryMemory(AdvisoryKind.CLOSURE, AdvisorySeverity.CRITICAL, List.of("c"), 7, null), AdvisoryMemory.class);
        roundTrip(new AdvisoryMemory(AdvisoryKind.CONGESTION, AdvisorySeverity.WARNING, List.of(), 7, 93.5), AdvisoryMemory.class);
        roundTrip(new SegmentClosures(List.of("c1", "c2")), SegmentClosures.class);
    }

    @Test
    void binaryIsMuchSmallerThanTheJsonItReplaces() {
        int binary = StateSerde.of(StateHistory.class).serializer().serialize("t", HISTORY).length;
        int json = JsonSerde.of(StateHistory.class).serializer().serialize("t", HISTORY).length;
        assertTrue(binary < json * 0.7, binary + " bytes binary against " + json + " bytes of JSON");
    }

    @Test
    void stateWrittenAsJsonByEarlierVersionsIsStillRead() {
        byte[] legacy = JsonSerde.of(StateHistory.class).serializer().serialize("t", HISTORY);
        assertEquals(HISTORY, StateSerde.of(StateHistory.class).deserializer().deserialize("t", legacy));
    }

    /** Same record name and components as a stored type, but one more: the shape differs, so its bytes are refused. */
    record Widened(String vehicleId, String segmentId, double offsetMeters, boolean stopped, long eventTime, int lane) {
    }

    @Test
    void valueOfAnotherShapeIsRefusedWithWhatToDo() {
        byte[] other = StateSerde.of(Widened.class).serializer().serialize("t", new Widened("v", "A-B", 1, true, 2, 1));
        SerializationException e = assertThrows(SerializationException.class,
                () -> StateSerde.of(VehicleStop.class).deserializer().deserialize("readings-by-segment", other));
        assertTrue(e.getMessage().contains("another shape") && e.getMessage().contains("kafka-streams-application-reset"), e.getMessage());
    }

    @Test
    void truncatedOrForeignBytesAreASerializationErrorNotAMisread() {
        byte[] whole = StateSerde.of(StateHistory.class).serializer().serialize("t", HISTORY);
        StateSerde<StateHistory> serde = StateSerde.of(StateHistory.class);
        SerializationException truncated = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("t", Arrays.copyOf(whole, whole.length - 3)));
        assertTrue(truncated.getMessage().contains("truncated or corrupt"), truncated.getMessage());
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", longer));
        SerializationException foreign = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("t", new byte[] {0, 0, 0, 0, 7, 1}));
        assertTrue(foreign.getMessage().contains("unknown state format"), foreign.getMessage());
    }

    @Test
    void aTypeWithoutABinaryFormIsRefusedWhenTheTopologyIsBuilt() {
        record WithOptional(java.util.Optional<String> maybe) {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateSerde.of(WithOptional.class));
        assertTrue(e.getMessage().contains("Optional"), e.getMessage());
    }
}
