package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.advisories.AdvisoryMemory;
import io.roadmirror.hotspots.IncidentHistory;
import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.incidents.SegmentStops;
import io.roadmirror.incidents.VehicleStop;
import io.roadmirror.mirror.LiveState;
import io.roadmirror.mirror.MirrorInput;
import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.mirror.SegmentFusion;
import io.roadmirror.mirror.SensorSample;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.IncidentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the stores and internal topics hold survives the JSON round trip exactly. */
class StoreValuesTest {
    private static <T> void roundTrips(T value, Class<T> type) {
        JsonSerde<T> serde = JsonSerde.of(type);
        assertEquals(value, serde.deserializer().deserialize("t", serde.serializer().serialize("t", value)));
    }

    @Test
    void everyStoredTypeRoundTrips() {
        LiveState state = new LiveState("A-B", 5, CongestionLevel.SLOW, 30.5, null, 12.0, 118.0, 72.0, 2, 1, List.of("i"), 4L);
        SegmentFusion fusion = new SegmentFusion(Map.of("s1", new SensorSample("s1", 4, null, 3, 1.5, 30)), Map.of(),
                Map.of("i", new OpenIncident("i", IncidentType.CLOSURE, 2, 1)), 4L, state);
        roundTrips(fusion, SegmentFusion.class);
        roundTrips(new MirrorInput(null, null, new IncidentChange(IncidentChange.Kind.OPENED, "i", "A-B", IncidentType.CRASH, 3, 5, 5, io.roadmirror.model.IncidentSource.CROWD), 0),
                MirrorInput.class);
        roundTrips(new SegmentStops("A-B", Map.of("v", new VehicleStop("v", "A-B", 3.5, true, 9)),
                List.of(new SegmentStops.DetectedCrash("c", 3.5, List.of("v", "w"), 9))), SegmentStops.class);
        IncidentHistory history = IncidentHistory.empty().withOpening(new IncidentHistory.Entry("i", 3, 2));
        roundTrips(history.published(history.assess(10, io.roadmirror.hotspots.HotspotRules.DEFAULTS)), IncidentHistory.class);
        roundTrips(new AdvisoryMemory(AdvisoryKind.CLOSURE, AdvisorySeverity.CRITICAL, List.of("c"), 7, null), AdvisoryMemory.class);
        assertEquals(HotspotLevel.NONE, history.assess(10, io.roadmirror.hotspots.HotspotRules.DEFAULTS).level());
    }

    @Test
    void helperMethodsAreNotWrittenAsState() {
        String json = new String(JsonSerde.of(SegmentStops.class).serializer().serialize("t", SegmentStops.empty("A-B")));
        assertEquals("{\"segmentId\":\"A-B\",\"stopped\":{},\"crashes\":[]}", json);
    }
}
