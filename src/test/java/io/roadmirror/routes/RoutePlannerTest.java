package io.roadmirror.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RouteStatus;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.TestNetworks;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The route rule on the hand-checked triangle (TestNetworks): A-B is 72 s at free flow, the
 * detours via C and via G 92.2 s each; D-A (72 s) leads to A.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoutePlannerTest {
    private static final long T0 = Instant.parse("2026-03-15T08:00:00Z").toEpochMilli();
    private static final RoadNetwork TRIANGLE = TestNetworks.triangle();

    /** Plain conditions: live travel times, forecasts and blocks from maps. */
    private static class Conditions implements RoadConditions {
        final RoadNetwork network;
        final Map<String, SegmentState> mirror = new HashMap<>();
        final Map<String, ForecastTravelTimes.Forecast> forecasts = new HashMap<>();
        final Map<String, List<String>> blocks = new HashMap<>();

        Conditions(RoadNetwork network) {
            this.network = network;
        }

        Conditions live(String segmentId, double seconds) {
            mirror.put(
                    segmentId,
                    SegmentState.newBuilder()
                            .setSegmentId(segmentId)
                            .setAsOf(Instant.ofEpochMilli(T0))
                            .setCongestion(CongestionLevel.SLOW)
                            .setTravelTimeSeconds(seconds)
                            .setFreeFlowTravelTimeSeconds(1)
                            .setSensorsReporting(1)
                            .setProbeVehicles(0)
                            .setOpenIncidentIds(List.of())
                            .build());
            return this;
        }

        @Override
        public RoadNetwork network() {
            return network;
        }

        @Override
        public List<String> blockingIncidents(String segmentId) {
            return blocks.getOrDefault(segmentId, List.of());
        }

        @Override
        public TravelTimes predicted() {
            return new ForecastTravelTimes(forecasts::get, live());
        }

        @Override
        public TravelTimes live() {
            return new LiveTravelTimes(mirror::get);
        }
    }

    private static RouteQuestion ask(String from, String to) {
        return new RouteQuestion("r-1", from, to, T0, List.of(), 0);
    }

    private static RouteAnswer answer(RouteQuestion q, Conditions c) {
        return RoutePlanner.answer(q, T0, c);
    }

    @Test
    void theFastestPathOverFreeFlowAndItsTimes() {
        RouteAnswer a = answer(ask("D", "E"), new Conditions(TRIANGLE));
        assertEquals(RouteStatus.OK, a.status());
        assertEquals(List.of("D-A", "A-B", "B-E"), a.segmentIds());
        assertEquals(180.0, a.travelTimeSeconds(), "72 + 72 + 36 s");
        assertEquals(180.0, a.liveTravelTimeSeconds());
        assertEquals(180.0, a.freeFlowTravelTimeSeconds());
        assertEquals(T0 + 180_000, a.arriveAt());
        assertEquals(T0, a.departAt());
        assertNull(a.detail());
        assertEquals(List.of(), a.avoidedIncidentIds());
    }

    @Test
    void liveTravelTimesChooseTheDetourWhenTheDirectRoadIsSlow() {
        Conditions c = new Conditions(TRIANGLE).live("A-B", 150.0);
        RouteAnswer a = answer(ask("A", "B"), c);
        assertEquals(List.of("A-C", "C-B"), a.segmentIds(), "92.2 s via C beats 150 s, and C sorts before G");
        assertEquals(92.2, a.travelTimeSeconds());
        assertEquals(92.2, a.liveTravelTimeSeconds());
    }

    @Test
    void eachSegmentCostsItsForecastForTheMomentTheTripReachesIt() {
        Conditions c = new Conditions(TRIANGLE);
        // A-B free now (72 s), jammed in 5 minutes (300 s): interpolated in between.
        c.forecasts.put(
                "A-B",
                new ForecastTravelTimes.Forecast(
                        T0,
                        List.of(new ForecastTravelTimes.Point(5, 300.0), new ForecastTravelTimes.Point(10, 300.0))));

        RouteAnswer fromA = answer(ask("A", "B"), c);
        assertEquals(List.of("A-B"), fromA.segmentIds(), "reached at once: 72 s");
        assertEquals(72.0, fromA.travelTimeSeconds());

        RouteAnswer fromD = answer(ask("D", "B"), c);
        // Reaching A after 72 s, A-B would take 72 + 72/300 * 228 = 126.7 s: the detour (92.2 s) is faster then.
        assertEquals(List.of("D-A", "A-C", "C-B"), fromD.segmentIds());
        assertEquals(164.2, fromD.travelTimeSeconds());
        assertEquals(164.2, fromD.liveTravelTimeSeconds(), "the same route over today's times");

        RouteAnswer later = answer(new RouteQuestion("r-2", "D", "B", T0 + 600_000, List.of(), 0), c);
        assertEquals(List.of("D-A", "A-C", "C-B"), later.segmentIds());
        RouteAnswer liveOnly = RoutePlanner.answer(ask("D", "B"), T0, new Conditions(TRIANGLE) {
            @Override
            public TravelTimes predicted() {
                return live();
            }
        });
        assertEquals(List.of("D-A", "A-B"), liveOnly.segmentIds(), "live times alone do not see the jam coming");
    }

    @Test
    void closuresAndSeriousIncidentsAreAvoidedAndNamed() {
        Conditions c = new Conditions(TRIANGLE);
        c.blocks.put("A-B", List.of("inc-closure"));
        c.blocks.put("A-C", List.of("inc-crash-4"));
        RouteAnswer a = answer(ask("D", "B"), c);
        assertEquals(List.of("D-A", "A-G", "G-B"), a.segmentIds());
        assertEquals(
                List.of("inc-closure"),
                a.avoidedIncidentIds(),
                "the incidents on the route that would have been fastest");
    }

    @Test
    void whatBlocksASegment() {
        assertTrue(RouteRules.blocks(new OpenIncident("c", IncidentType.CLOSURE, 1, T0)));
        assertTrue(RouteRules.blocks(new OpenIncident("x", IncidentType.CRASH, 3, T0)));
        assertTrue(!RouteRules.blocks(new OpenIncident("h", IncidentType.HAZARD, 2, T0)));
        assertEquals(
                List.of("a", "c"),
                RouteRules.blockingIds(List.of(
                        new OpenIncident("c", IncidentType.CLOSURE, 1, T0),
                        new OpenIncident("b", IncidentType.WEATHER, 2, T0),
                        new OpenIncident("a", IncidentType.STALLED_VEHICLE, 5, T0))));
    }

    @Test
    void avoidedSegmentsAreNotUsed() {
        RouteAnswer a =
                answer(new RouteQuestion("r-1", "A", "B", T0, List.of("A-B", "A-C"), 0), new Conditions(TRIANGLE));
        assertEquals(List.of("A-G", "G-B"), a.segmentIds());
    }

    @Test
    void alternativesAreDistinctAndNoMoreThanExist() {
        RouteAnswer a = answer(new RouteQuestion("r-1", "A", "B", T0, List.of(), 3), new Conditions(TRIANGLE));
        assertEquals(List.of("A-B"), a.segmentIds());
        assertEquals(2, a.alternatives().size(), a.alternatives().toString());
        assertEquals(List.of("A-C", "C-B"), a.alternatives().get(0).segmentIds());
        assertEquals(List.of("A-G", "G-B"), a.alternatives().get(1).segmentIds());
        assertEquals(92.2, a.alternatives().get(0).travelTimeSeconds());
        assertEquals(
                1,
                answer(new RouteQuestion("r-1", "A", "B", T0, List.of(), 1), new Conditions(TRIANGLE))
                        .alternatives()
                        .size());
    }

    @Test
    void alternativesOnTheSampleCityAreDistinctAndNotMuchSlower() {
        RoadNetwork city = SampleCity.generate();
        RouteAnswer a = RoutePlanner.answer(
                new RouteQuestion("r", "N0000", "N0606", T0, List.of(), 3), T0, new Conditions(city));
        assertEquals(RouteStatus.OK, a.status());
        assertEquals(3, a.alternatives().size());
        Set<List<String>> routes = new HashSet<>(List.of(a.segmentIds()));
        for (RouteAnswer.Option o : a.alternatives()) {
            assertTrue(routes.add(o.segmentIds()), "distinct");
            assertTrue(o.travelTimeSeconds() <= a.travelTimeSeconds() * RouteRules.MAX_ALTERNATIVE_STRETCH);
            assertTrue(o.travelTimeSeconds() >= a.travelTimeSeconds(), "the fastest comes first");
            assertEquals(
                    "N0000", city.segment(o.segmentIds().get(0)).orElseThrow().fromNode());
            assertEquals(
                    "N0606",
                    city.segment(o.segmentIds().get(o.segmentIds().size() - 1))
                            .orElseThrow()
                            .toNode());
        }
    }

    @Test
    void noRouteWhenEveryPathIsBlocked() {
        Conditions c = new Conditions(TRIANGLE);
        c.blocks.put("B-E", List.of("inc-9"));
        RouteAnswer a = answer(ask("A", "F"), c);
        assertEquals(RouteStatus.NO_ROUTE, a.status());
        assertEquals(List.of("inc-9"), a.avoidedIncidentIds());
        assertTrue(a.detail().contains("closed or blocked"), a.detail());
        assertEquals(List.of(), a.segmentIds());
        assertNull(a.travelTimeSeconds());

        RouteAnswer against = answer(ask("F", "A"), c);
        assertEquals(RouteStatus.NO_ROUTE, against.status());
        assertTrue(against.detail().contains("no road leads"), against.detail());
    }

    @Test
    void unknownJunctionsAreNamed() {
        RouteAnswer a = answer(ask("A", "Q"), new Conditions(TRIANGLE));
        assertEquals(RouteStatus.UNKNOWN_NODE, a.status());
        assertTrue(a.detail().contains("'Q'"), a.detail());
    }

    @Test
    void badQuestionsAreAnsweredInvalidWithTheReason() {
        Conditions c = new Conditions(TRIANGLE);
        Map<RouteQuestion, String> bad = new LinkedHashMap<>();
        bad.put(new RouteQuestion("r", "A", "B", T0, List.of(), 4), "alternatives: 4");
        bad.put(new RouteQuestion("r", "A", "B", T0, List.of(), -1), "alternatives: -1");
        bad.put(new RouteQuestion("r", "", "B", T0, List.of(), 0), "fromNode: must not be empty");
        bad.put(new RouteQuestion("r", "A", null, T0, List.of(), 0), "toNode: must not be empty");
        bad.put(new RouteQuestion("", "A", "B", T0, List.of(), 0), "requestId: must not be empty");
        bad.put(new RouteQuestion("r", "A".repeat(129), "B", T0, List.of(), 0), "at most 128");
        bad.put(new RouteQuestion("r", "A", "A", T0, List.of(), 0), "same junction");
        bad.put(new RouteQuestion("r", "A", "B", T0 + 25 * 3_600_000L, List.of(), 0), "more than 24 h");
        bad.put(new RouteQuestion("r", "A", "B", T0, List.of("nope"), 0), "no segment 'nope'");
        bad.put(new RouteQuestion("r", "A", "B", T0, Collections.nCopies(1001, "A-B"), 0), "at most 1000");
        bad.forEach((q, why) -> {
            RouteAnswer a = answer(q, c);
            assertEquals(RouteStatus.INVALID, a.status(), q.toString());
            assertTrue(a.detail().contains(why), a.detail());
        });
    }

    @Test
    void aRequestBecomesAQuestionAndTheAnswerAResponse() {
        RouteQuestion empty = RouteQuestion.of("key-1", null);
        RouteAnswer a = RoutePlanner.answer(empty, T0, new Conditions(TRIANGLE));
        assertEquals(RouteStatus.INVALID, a.status());
        assertEquals("key-1", a.requestId());

        RouteRequest request = RouteRequest.newBuilder()
                .setRequestId("")
                .setFromNode("D")
                .setToNode("B")
                .build();
        RouteQuestion q = RouteQuestion.of("key-2", request);
        assertEquals("key-2", q.requestId(), "no id in the value: the key's");
        assertNull(q.departAt());
        RouteResponse r =
                RoutePlanner.answer(q, T0 + 5, new Conditions(TRIANGLE)).toAvro(T0 + 9);
        assertEquals(RouteStatus.OK, r.getStatus());
        assertEquals(Instant.ofEpochMilli(T0 + 5), r.getDepartAt(), "departAt defaults to the request's time");
        assertEquals(Instant.ofEpochMilli(T0 + 9), r.getAnsweredAt());
        assertEquals(List.of("D-A", "A-B"), r.getSegmentIds());
    }

    @Test
    void forecastsAreInterpolatedAndFallBackToLive() {
        Segment ab = TRIANGLE.segment("A-B").orElseThrow();
        TravelTimes live = (s, t) -> 60.0;
        ForecastTravelTimes.Forecast f = new ForecastTravelTimes.Forecast(
                T0,
                List.of(
                        new ForecastTravelTimes.Point(30, 200.0),
                        new ForecastTravelTimes.Point(5, 100.0),
                        new ForecastTravelTimes.Point(10, 120.0),
                        new ForecastTravelTimes.Point(15, 150.0)));
        ForecastTravelTimes times = new ForecastTravelTimes(id -> id.equals("A-B") ? f : null, live);
        assertEquals(60.0, times.secondsAt(ab, T0 - 1000), "before the forecast starts: live");
        assertEquals(60.0, times.secondsAt(ab, T0));
        assertEquals(80.0, times.secondsAt(ab, T0 + 150_000), 1e-9, "half way to 5 minutes");
        assertEquals(100.0, times.secondsAt(ab, T0 + 300_000), 1e-9);
        assertEquals(135.0, times.secondsAt(ab, T0 + 750_000), 1e-9, "12.5 minutes");
        assertEquals(175.0, times.secondsAt(ab, T0 + 1_350_000), 1e-9, "22.5 minutes");
        assertEquals(200.0, times.secondsAt(ab, T0 + 3_600_000), 1e-9, "held beyond 30 minutes");
        assertEquals(60.0, times.secondsAt(TRIANGLE.segment("A-C").orElseThrow(), T0 + 300_000), "no forecast: live");
    }

    @Test
    void liveTimesAreFreeFlowWhereTheMirrorDoesNotKnow() {
        Conditions c = new Conditions(TRIANGLE).live("A-B", 100.0);
        c.mirror.put(
                "A-C",
                SegmentState.newBuilder(c.mirror.get("A-B"))
                        .setSegmentId("A-C")
                        .setCongestion(CongestionLevel.UNKNOWN)
                        .setTravelTimeSeconds(999)
                        .build());
        TravelTimes live = c.live();
        assertEquals(100.0, live.secondsAt(TRIANGLE.segment("A-B").orElseThrow(), T0));
        assertEquals(46.08, live.secondsAt(TRIANGLE.segment("A-C").orElseThrow(), T0), 1e-9, "640 m at 50 km/h");
        assertEquals(72.0, live.secondsAt(TRIANGLE.segment("D-A").orElseThrow(), T0), 1e-9);
    }
}
