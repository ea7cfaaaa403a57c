package io.roadmirror.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.routes.ForecastTravelTimes;
import io.roadmirror.routes.StoreConditions;
import io.roadmirror.testing.TestNetworks;
import io.roadmirror.whatif.WhatIfAnswer.Cause;
import io.roadmirror.whatif.WhatIfAnswer.SegmentEffect;
import io.roadmirror.whatif.WhatIfAnswer.TripEffect;
import io.roadmirror.whatif.WhatIfQuestion.IncidentAt;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The what-if rule on the triangle of {@link TestNetworks} (one lane, 1,800 vehicles an hour, A-B
 * 72 s at free flow, each detour via C or G 2 x 46.08 s), numbers worked out by hand from the BPR
 * curve 1 / (1 + 0.15 x^4).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WhatIfPlannerTest {
    private static final long NOW = Instant.parse("2026-03-15T08:00:00Z").toEpochMilli();
    private static final RoadNetwork TRIANGLE = TestNetworks.triangle();

    private final Map<String, SegmentState> mirror = new HashMap<>();
    private final Map<String, ForecastTravelTimes.Forecast> forecasts = new HashMap<>();

    /** A segment flowing freely at its limit with this many vehicles an hour. */
    private void flowing(String segmentId, double vehPerHour) {
        double seconds = TRIANGLE.segment(segmentId).orElseThrow().freeFlowTravelTimeSeconds();
        mirror.put(
                segmentId,
                SegmentState.newBuilder()
                        .setSegmentId(segmentId)
                        .setAsOf(Instant.ofEpochMilli(NOW))
                        .setCongestion(CongestionLevel.FREE_FLOW)
                        .setSpeedKph(50.0)
                        .setFlowVehPerHour(vehPerHour)
                        .setTravelTimeSeconds(seconds)
                        .setFreeFlowTravelTimeSeconds(seconds)
                        .setSensorsReporting(1)
                        .setProbeVehicles(0)
                        .setOpenIncidentIds(List.of())
                        .build());
    }

    private WhatIfAnswer ask(WhatIfQuestion q) {
        StoreConditions conditions = new StoreConditions(TRIANGLE, mirror::get, id -> null, forecasts::get);
        return WhatIfPlanner.answer(q, NOW, conditions, mirror::get, MirrorThresholds.DEFAULTS);
    }

    private static WhatIfQuestion closing(String... segmentIds) {
        return new WhatIfQuestion(List.of(segmentIds), List.of(), null, 60);
    }

    private static Optional<SegmentEffect> effect(WhatIfAnswer a, String segmentId) {
        return a.segments().stream()
                .filter(e -> e.segmentId().equals(segmentId))
                .findFirst();
    }

    @Test
    void aClosureMovesItsTrafficOntoTheDetourWhichSlowsByTheBprCurve() {
        flowing("A-B", 1_500);
        WhatIfAnswer a = ask(closing("A-B"));

        SegmentEffect closed = a.segments().get(0);
        assertEquals("A-B", closed.segmentId(), "the closed segment comes first");
        assertEquals(Cause.CLOSED, closed.cause());
        assertEquals(CongestionLevel.FREE_FLOW, closed.congestionBefore());
        assertEquals(CongestionLevel.STOPPED, closed.congestionAfter());
        assertEquals(72.0, closed.travelTimeSecondsBefore());
        assertNull(closed.travelTimeSecondsAfter(), "closed: no travel time");

        TripEffect trip = a.trips().get(0);
        assertEquals(List.of("A", "B"), List.of(trip.fromNode(), trip.toNode()));
        assertEquals(1_200.0, trip.divertedVehPerHour(), "the simulator's detour share, 80 % of it");
        assertEquals(2, trip.via().size());
        // 1,200 of 1,800 an hour: x = 0.667, speed ratio 1 / (1 + 0.15 x^4) = 0.9712, 46.08 s becomes 47.45 s.
        for (String detourSegment : trip.via()) {
            SegmentEffect detour = effect(a, detourSegment).orElseThrow();
            assertEquals(Cause.DETOUR, detour.cause());
            assertEquals(46.1, detour.travelTimeSecondsBefore());
            assertEquals(47.4, detour.travelTimeSecondsAfter());
        }
        assertEquals(72.0, trip.travelTimeSecondsBefore());
        assertEquals(94.9, trip.travelTimeSecondsAfter());
        assertEquals(22.9, trip.changeSeconds());
        assertEquals(3, a.segments().size(), "the other segments do not change: " + a.segments());
        assertEquals("live", a.baseline());
        assertEquals(NOW + 3_600_000, a.end());
    }

    @Test
    void aCrawlingSegmentSendsNoMoreThanCanArrive() {
        // A-B crawls at 4 km/h: read off the BPR curve that is a load of 2.96, over 5,300 vehicles an hour on one lane;
        // but a queue spills upstream from a load of 1.5, so no more than 2,700 an hour reach it, 80 % of them sent
        // round.
        flowing("A-B", 300);
        mirror.put(
                "A-B",
                SegmentState.newBuilder(mirror.get("A-B"))
                        .setSpeedKph(4.0)
                        .setTravelTimeSeconds(900.0)
                        .setCongestion(CongestionLevel.STOPPED)
                        .build());
        assertEquals(2_160.0, ask(closing("A-B")).trips().get(0).divertedVehPerHour());
    }

    @Test
    void nearItsFreeSpeedASegmentsDemandIsItsMeasuredFlowNotWhatTheFlatBprCurveReads() {
        // 47.5 km/h on a 50 km/h road would read as a load of 0.77 off the curve (1,385 an hour); it carries 360.
        flowing("A-B", 360);
        mirror.put(
                "A-B",
                SegmentState.newBuilder(mirror.get("A-B"))
                        .setSpeedKph(47.5)
                        .setTravelTimeSeconds(72.0 / 0.95)
                        .build());
        assertEquals(288.0, ask(closing("A-B")).trips().get(0).divertedVehPerHour(), "80 % of 360");
    }

    @Test
    void anOverloadedDetourBacksAQueueUpTwoJunctionsAndSlowsNoMoreThanToACrawl() {
        // Main Street and Garden Lane closed: Canal Road takes 80 % of Main Street's 2,700 an hour.
        flowing("A-B", 2_700);
        flowing("C-B", 900);
        flowing("Y-D", 1_500);
        // A-C already crawls at 5 km/h (460.8 s, a load read as 1.5): 2,160 an hour more (x = 2.7) would take it by the
        // BPR curve to 2,050 s, walking pace; the simulator's traffic never drives slower than 4 km/h (576 s over 640
        // m).
        flowing("A-C", 300);
        mirror.put(
                "A-C",
                SegmentState.newBuilder(mirror.get("A-C"))
                        .setSpeedKph(5.0)
                        .setTravelTimeSeconds(460.8)
                        .setCongestion(CongestionLevel.STOPPED)
                        .build());
        WhatIfAnswer a = ask(closing("A-B", "G-B"));
        assertEquals(List.of("A-C", "C-B"), a.trips().get(0).via());
        assertEquals(576.0, effect(a, "A-C").orElseThrow().travelTimeSecondsAfter());
        // Its load beyond 1.5 (1.2) backs up: half of it onto D-A, a fifth onto Y-D (0.83 becomes 1.07), no further.
        assertEquals(
                Cause.QUEUE,
                effect(a, "D-A").orElseThrow().cause(),
                a.segments().toString());
        SegmentEffect yd = effect(a, "Y-D").orElseThrow();
        assertEquals(Cause.QUEUE, yd.cause());
        assertTrue(yd.travelTimeSecondsAfter() > 1.1 * yd.travelTimeSecondsBefore(), yd.toString());
        assertTrue(effect(a, "Z-Y").isEmpty(), "three junctions up is beyond its reach: " + a.segments());
    }

    @Test
    void anIncidentDivertsTrafficUntilTheSegmentAndItsDetourTakeEquallyLong() {
        flowing("A-B", 900);
        // Severity 3 leaves 40 %: all 900 staying would mean x = 1.25 and 98.4 s, slower than the empty detour (92.2
        // s).
        WhatIfAnswer a = ask(new WhatIfQuestion(List.of(), List.of(new IncidentAt("A-B", 3)), null, 30));
        TripEffect trip = a.trips().get(0);
        assertTrue(trip.divertedVehPerHour() > 0 && trip.divertedVehPerHour() < 900, "a share moves: " + trip);
        SegmentEffect obstructed = effect(a, "A-B").orElseThrow();
        assertEquals(Cause.INCIDENT, obstructed.cause());
        // The few hundred vehicles moved barely slow the empty detour (92.2 s): A-B slows to about that, not to 98.4 s.
        assertEquals(92.2, obstructed.travelTimeSecondsAfter(), 0.3, "equilibrium: both ways take as long");
        assertEquals(92.2, trip.travelTimeSecondsAfter(), 0.3);
    }

    @Test
    void aMinorIncidentOnAQuietRoadMovesNobody() {
        flowing("A-B", 300);
        WhatIfAnswer a = ask(new WhatIfQuestion(List.of(), List.of(new IncidentAt("A-B", 1)), null, 30));
        assertEquals(0.0, a.trips().get(0).divertedVehPerHour());
        assertEquals(List.of("A-B"), a.trips().get(0).via(), "the segment itself is still the faster way");
    }

    @Test
    void aClosureWithoutADetourBacksAQueueUpTwoJunctions() {
        flowing("E-F", 600);
        WhatIfAnswer a = ask(closing("E-F"));
        TripEffect trip = a.trips().get(0);
        assertNull(trip.travelTimeSecondsAfter(), "no road is left from E to F");
        assertEquals(List.of(), trip.via());
        assertEquals(0.0, trip.divertedVehPerHour());
        SegmentEffect oneUp = effect(a, "B-E").orElseThrow();
        assertEquals(Cause.QUEUE, oneUp.cause());
        assertTrue(
                oneUp.travelTimeSecondsAfter() > 2 * oneUp.travelTimeSecondsBefore(),
                "the queue reaches B-E: " + oneUp);
        for (String twoUp : List.of("A-B", "C-B", "G-B")) {
            SegmentEffect e = effect(a, twoUp).orElseThrow();
            assertEquals(Cause.QUEUE, e.cause());
            assertTrue(
                    e.changeSeconds() > 0 && e.changeSeconds() < oneUp.changeSeconds(), "less two junctions up: " + e);
        }
        assertFalse(effect(a, "D-A").isPresent(), "three junctions up: no effect");
    }

    @Test
    void theBaselineIsTheForecastForTheStartWhereThereIsOne() {
        flowing("A-B", 900);
        // A-B is forecast to take 120 s (30 km/h) from 10 minutes on: at the start, in 20 minutes, that is the time
        // before.
        forecasts.put(
                "A-B",
                new ForecastTravelTimes.Forecast(
                        NOW,
                        List.of(new ForecastTravelTimes.Point(10, 120.0), new ForecastTravelTimes.Point(30, 120.0))));
        WhatIfAnswer a = ask(new WhatIfQuestion(
                List.of("A-B"), List.of(), NOW + Duration.ofMinutes(20).toMillis(), 60));
        assertEquals("forecast", a.baseline());
        assertEquals(120.0, a.trips().get(0).travelTimeSecondsBefore());
        assertEquals(CongestionLevel.SLOW, a.segments().get(0).congestionBefore());
    }

    @Test
    void questionsThatCannotBeAnsweredSayWhy() {
        assertEquals(
                "name at least one closure or incident",
                refusal(new WhatIfQuestion(List.of(), List.of(), null, 60)).getMessage());
        WhatIfRefusal unknown = refusal(closing("Atlantis"));
        assertTrue(unknown.unknownSegment());
        assertEquals("there is no segment 'Atlantis' in the road network", unknown.getMessage());
        assertTrue(refusal(new WhatIfQuestion(List.of(), List.of(new IncidentAt("A-B", 7)), null, 60))
                .getMessage()
                .contains("severity 7"));
        assertTrue(refusal(new WhatIfQuestion(List.of("A-B"), List.of(), null, 0))
                .getMessage()
                .startsWith("durationMinutes"));
        assertTrue(refusal(new WhatIfQuestion(
                        List.of("A-B"), List.of(), NOW + Duration.ofDays(2).toMillis(), 60))
                .getMessage()
                .startsWith("start"));
        assertTrue(refusal(new WhatIfQuestion(List.of(""), List.of(), null, 60))
                .getMessage()
                .contains("must not be empty"));
        assertFalse(
                refusal(new WhatIfQuestion(List.of(""), List.of(), null, 60)).unknownSegment());
    }

    private WhatIfRefusal refusal(WhatIfQuestion q) {
        return assertThrows(WhatIfRefusal.class, () -> ask(q));
    }
}
