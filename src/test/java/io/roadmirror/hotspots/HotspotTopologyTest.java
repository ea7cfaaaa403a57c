package io.roadmirror.hotspots;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.cleared;
import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.Hotspot;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hotspots over a trailing 24 h event-time window (DESIGN.md "Hotspots"). */
class HotspotTopologyTest {
    /** The wall clock runs days ahead of the event times, which span hours: none of them is in the future. */
    private static final Instant WALL_CLOCK = T0.plus(Duration.ofDays(3));

    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), WALL_CLOCK);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private void incident(String id, Instant time, int severity) {
        ttd.incidents.pipeInput(id, open(id, "A-B", time, IncidentType.CRASH, severity), time);
    }

    @Test
    void threeIncidentsInADayMakeAHotspotWithWatchOneBelow() {
        incident("i1", sec(0), 2);
        assertTrue(ttd.hotspots.isEmpty(), "one incident: nothing to publish");
        incident("i2", sec(3600), 2);
        Hotspot watch = ttd.hotspots.readValue();
        assertEquals(HotspotLevel.WATCH, watch.getLevel());
        assertEquals(2, watch.getIncidentCount());

        incident("i3", sec(7200), 2);
        Hotspot hotspot = ttd.hotspots.readValue();
        assertEquals(HotspotLevel.HOTSPOT, hotspot.getLevel());
        assertEquals(3, hotspot.getIncidentCount());
        assertEquals(6, hotspot.getSeverityScore());
        assertEquals(List.of("i1", "i2", "i3"), hotspot.getIncidentIds());
        assertEquals(sec(7200), hotspot.getWindowEnd());
        assertEquals(sec(7200).minus(Duration.ofHours(24)), hotspot.getWindowStart());
    }

    @Test
    void aHighSeverityScoreMakesAHotspotWithFewerIncidents() {
        incident("i1", sec(0), 4);
        ttd.hotspots.readValuesToList();
        incident("i2", sec(60), 4);
        assertEquals(HotspotLevel.HOTSPOT, ttd.hotspots.readValue().getLevel(), "4 + 4 = 8 reaches the score");
    }

    @Test
    void clearingAnIncidentDoesNotRemoveItFromTheHistory() {
        incident("i1", sec(0), 2);
        ttd.incidents.pipeInput("i1", cleared("i1", "A-B", sec(60)), sec(60));
        incident("i2", sec(120), 2);
        assertEquals(2, ttd.hotspots.readValue().getIncidentCount());
    }

    @Test
    void theSameIncidentTwiceCountsOnce() {
        incident("i1", sec(0), 2);
        incident("i1", sec(0), 2);
        ttd.incidents.pipeInput("i1", cleared("i1", "A-B", sec(60)), sec(60));
        incident("i1", sec(120), 2); // reopened: still one distinct incident
        assertTrue(ttd.hotspots.isEmpty());
    }

    @Test
    void aDayLaterTheHotspotFallsBackToNone() {
        incident("i1", sec(0), 2);
        incident("i2", sec(60), 2);
        incident("i3", sec(120), 2);
        assertEquals(HotspotLevel.HOTSPOT, last(ttd.hotspots.readValuesToList()).getLevel());

        // Traffic keeps flowing elsewhere; a day passes in event time.
        for (long t = 3600; t <= 24 * 3600 + 3600; t += 3600) {
            ttd.readings.pipeInput("s9", reading("s9", "C-B", sec(t), 45.0 + (t / 3600) % 2), sec(t));
        }
        List<Hotspot> after = ttd.hotspots.readValuesToList();
        Hotspot none = last(after);
        assertEquals(HotspotLevel.NONE, none.getLevel());
        assertEquals(1, none.getIncidentCount(), "judged as of the moment it fell below: i3 was still in the window");
        assertEquals(
                List.of(HotspotLevel.WATCH, HotspotLevel.NONE),
                after.stream().map(Hotspot::getLevel).toList(),
                "the first incident leaves the window, then the other two; published once each");
    }

    private static Hotspot last(List<Hotspot> list) {
        return list.get(list.size() - 1);
    }
}
