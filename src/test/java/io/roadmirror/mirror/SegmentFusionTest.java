package io.roadmirror.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fusion and congestion rules as plain Java. */
class SegmentFusionTest {
    private static final Segment SEGMENT = TestNetworks.segment("A-B", "Main Street", "A", "B", 1000, 50);
    private static final MirrorRules RULES = MirrorRules.DEFAULTS;
    private static final long T = 1_000_000_000L;

    private static SensorSample sample(String id, long time, Double speed, int count, Double occupancy) {
        return new SensorSample(id, time, speed, count, occupancy, 30);
    }

    @Test
    void congestionThresholdsAreInclusiveFromBelow() {
        assertEquals(CongestionLevel.FREE_FLOW, Congestion.level(37.5, 50, RULES), "exactly 0.75");
        assertEquals(CongestionLevel.SLOW, Congestion.level(37.49, 50, RULES));
        assertEquals(CongestionLevel.SLOW, Congestion.level(25.0, 50, RULES), "exactly 0.50");
        assertEquals(CongestionLevel.CONGESTED, Congestion.level(24.99, 50, RULES));
        assertEquals(CongestionLevel.CONGESTED, Congestion.level(12.5, 50, RULES), "exactly 0.25");
        assertEquals(CongestionLevel.STOPPED, Congestion.level(12.49, 50, RULES));
        assertEquals(CongestionLevel.STOPPED, Congestion.level(0, 50, RULES));
        assertEquals(CongestionLevel.FREE_FLOW, Congestion.level(80, 50, RULES), "speeding is free flow");
    }

    @Test
    void aSegmentWithNoSensorsIsUnknownAtFreeFlowTravelTime() {
        LiveState state = SegmentFusion.empty().evaluate(SEGMENT, T, RULES);
        assertEquals(CongestionLevel.UNKNOWN, state.congestion());
        assertNull(state.speedKph());
        assertNull(state.flowVehPerHour());
        assertEquals(72.0, state.travelTimeSeconds(), 1e-9);
        assertEquals(0, state.sensorsReporting());
        assertNull(state.lastReadingTime());
    }

    @Test
    void aReadingWithoutSpeedCountsForFlowButNotForSpeed() {
        SegmentFusion f = SegmentFusion.empty()
                .withReading(sample("s1", T, null, 20, 15.0))
                .withReading(sample("s2", T, 30.0, 10, null));
        LiveState state = f.evaluate(SEGMENT, T, RULES);
        assertEquals(30.0, state.speedKph(), 1e-9, "only s2 measures speed");
        assertEquals(1800.0, state.flowVehPerHour(), 1e-9, "mean of 2400 and 1200");
        assertEquals(15.0, state.occupancyPct(), 1e-9, "only s1 measures occupancy");
    }

    @Test
    void zeroVehiclesOnAnEmptyRoadIsFreeFlowWithUnknownSpeed() {
        LiveState state = SegmentFusion.empty().withReading(sample("s1", T, null, 0, 0.0)).evaluate(SEGMENT, T, RULES);
        assertEquals(CongestionLevel.FREE_FLOW, state.congestion());
        assertNull(state.speedKph());
        assertEquals(0.0, state.flowVehPerHour(), 1e-9);
        assertEquals(72.0, state.travelTimeSeconds(), 1e-9);
    }

    @Test
    void zeroVehiclesWithTheDetectorOccupiedIsAStandingQueue() {
        LiveState state = SegmentFusion.empty().withReading(sample("s1", T, null, 0, 95.0)).evaluate(SEGMENT, T, RULES);
        assertEquals(CongestionLevel.STOPPED, state.congestion());
        assertEquals(0.0, state.speedKph(), 1e-9);
        assertEquals(1800.0, state.travelTimeSeconds(), 1e-9, "1000 m at the 2 km/h floor");
    }

    @Test
    void aReadingCountsForExactlyTheHorizon() {
        SegmentFusion f = SegmentFusion.empty().withReading(sample("s1", T, 40.0, 5, null));
        long horizon = RULES.horizon().toMillis();
        assertEquals(CongestionLevel.FREE_FLOW, f.evaluate(SEGMENT, T + horizon, RULES).congestion(), "3 min old still counts");
        assertEquals(CongestionLevel.UNKNOWN, f.evaluate(SEGMENT, T + horizon + 1, RULES).congestion());
        assertEquals(T + horizon + 1, f.nextExpiry(RULES.horizon()));
        assertEquals(0, f.pruned(T + horizon + 1, RULES.horizon()).sensors().size());
        assertEquals(T, f.pruned(T + horizon + 1, RULES.horizon()).newestReadingTime(), "the last reading time survives pruning");
    }

    @Test
    void theLatestReadingOfASensorWinsAndOlderOrDuplicateOnesChangeNothing() {
        SegmentFusion f = SegmentFusion.empty().withReading(sample("s1", T, 40.0, 5, null));
        assertNull(f.withReading(sample("s1", T, 10.0, 5, null)), "same event time");
        assertNull(f.withReading(sample("s1", T - 1000, 10.0, 5, null)), "older");
        SegmentFusion newer = f.withReading(sample("s1", T + 30_000, 10.0, 5, null));
        assertNotNull(newer);
        assertEquals(10.0, newer.evaluate(SEGMENT, T + 30_000, RULES).speedKph(), 1e-9);
    }

    @Test
    void sensorsWithSkewedClocksAreFusedByTheirOwnLatestReading() {
        // s2's clock runs 2 minutes behind: its latest reading is 2 min old, still inside the horizon.
        SegmentFusion f = SegmentFusion.empty()
                .withReading(sample("s1", T, 40.0, 10, null))
                .withReading(sample("s2", T - 120_000, 20.0, 10, null));
        LiveState state = f.evaluate(SEGMENT, T, RULES);
        assertEquals(30.0, state.speedKph(), 1e-9);
        assertEquals(2, state.sensorsReporting());
        assertEquals(1, f.evaluate(SEGMENT, T + 61_000, RULES).sensorsReporting(), "s2 ages out first");
    }

    @Test
    void openIncidentsAreListedSortedAndClearingAnUnknownOneChangesNothing() {
        SegmentFusion f = SegmentFusion.empty()
                .withIncidentOpen(new OpenIncident("z-2", IncidentType.CRASH, 3, T))
                .withIncidentOpen(new OpenIncident("a-1", IncidentType.HAZARD, 1, T));
        assertEquals(List.of("a-1", "z-2"), f.evaluate(SEGMENT, T, RULES).openIncidentIds());
        assertNull(f.withIncidentCleared("nope"));
        assertNull(f.withIncidentOpen(new OpenIncident("a-1", IncidentType.HAZARD, 1, T)), "the same opening again");
        assertEquals(List.of("z-2"), f.withIncidentCleared("a-1").evaluate(SEGMENT, T, RULES).openIncidentIds());
    }

    @Test
    void statesThatDifferOnlyInTimeAreTheSame() {
        SegmentFusion f = SegmentFusion.empty().withReading(sample("s1", T, 40.0, 5, null));
        LiveState a = f.evaluate(SEGMENT, T, RULES);
        LiveState b = f.evaluate(SEGMENT, T + 10_000, RULES);
        assertSame(true, a.sameAs(b));
    }
}
