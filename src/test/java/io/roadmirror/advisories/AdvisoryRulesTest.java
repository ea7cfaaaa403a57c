package io.roadmirror.advisories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.testing.TestNetworks;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Conditions, the one-per-change policy and routing, as plain Java. */
class AdvisoryRulesTest {
    private static final AdvisoryThresholds RULES = AdvisoryThresholds.DEFAULTS;
    private static final long T = 1_000_000L;

    private static OpenIncident incident(String id, IncidentType type, int severity) {
        return new OpenIncident(id, type, severity, T);
    }

    @Test
    void theMostSeriousConditionWins() {
        assertEquals(Optional.empty(), Condition.of(CongestionLevel.SLOW, List.of(), RULES));
        assertEquals(
                AdvisoryKind.CONGESTION,
                Condition.of(CongestionLevel.CONGESTED, List.of(), RULES)
                        .orElseThrow()
                        .kind());
        assertEquals(
                AdvisorySeverity.CRITICAL,
                Condition.of(CongestionLevel.STOPPED, List.of(), RULES)
                        .orElseThrow()
                        .severity());
        assertEquals(
                Optional.empty(),
                Condition.of(CongestionLevel.FREE_FLOW, List.of(incident("i", IncidentType.HAZARD, 2)), RULES),
                "severity 2 is below the minimum of 3");
        Condition incident = Condition.of(
                        CongestionLevel.CONGESTED, List.of(incident("i", IncidentType.CRASH, 3)), RULES)
                .orElseThrow();
        assertEquals(AdvisoryKind.INCIDENT, incident.kind());
        assertEquals(AdvisorySeverity.WARNING, incident.severity());
        Condition closure = Condition.of(
                        CongestionLevel.FREE_FLOW,
                        List.of(incident("i", IncidentType.CRASH, 5), incident("c", IncidentType.CLOSURE, 1)),
                        RULES)
                .orElseThrow();
        assertEquals(AdvisoryKind.CLOSURE, closure.kind(), "a closure of any severity");
        assertEquals(List.of("c"), closure.incidentIds());
    }

    @Test
    void onlyChangesAreNews() {
        Condition congested = new Condition(AdvisoryKind.CONGESTION, AdvisorySeverity.WARNING, List.of());
        AdvisoryMemory last = AdvisoryMemory.of(congested, T, 100.0);
        assertEquals(
                AdvisoryPolicy.Decision.RAISE, AdvisoryPolicy.decide(null, Optional.of(congested), T, 100.0, RULES));
        assertEquals(AdvisoryPolicy.Decision.NOTHING, AdvisoryPolicy.decide(null, Optional.empty(), T, null, RULES));
        assertEquals(AdvisoryPolicy.Decision.CLEAR, AdvisoryPolicy.decide(last, Optional.empty(), T + 1, null, RULES));
        assertEquals(
                AdvisoryPolicy.Decision.NOTHING,
                AdvisoryPolicy.decide(last, Optional.of(congested), T + 59_999, 119.0, RULES),
                "within 60 s, detour +19 %");
        assertEquals(
                AdvisoryPolicy.Decision.NOTHING,
                AdvisoryPolicy.decide(last, Optional.of(congested), T + 30_000, 120.0, RULES),
                "exactly 20 % is not more than 20 %");
        assertEquals(
                AdvisoryPolicy.Decision.RAISE,
                AdvisoryPolicy.decide(last, Optional.of(congested), T + 30_000, 120.1, RULES));
        assertEquals(
                AdvisoryPolicy.Decision.RAISE,
                AdvisoryPolicy.decide(last, Optional.of(congested), T + 30_000, 79.0, RULES),
                "a detour that got 21 % faster is news too");
        assertEquals(
                AdvisoryPolicy.Decision.NOTHING,
                AdvisoryPolicy.decide(last, Optional.of(congested), T + 60_000, 100.0, RULES),
                "after the window, the very same condition still says nothing new");
        Condition critical = new Condition(AdvisoryKind.CONGESTION, AdvisorySeverity.CRITICAL, List.of());
        assertEquals(
                AdvisoryPolicy.Decision.RAISE,
                AdvisoryPolicy.decide(last, Optional.of(critical), T + 1, 100.0, RULES),
                "an escalation is always news");
        AdvisoryMemory criticalBefore = AdvisoryMemory.of(critical, T, 100.0);
        assertEquals(
                AdvisoryPolicy.Decision.NOTHING,
                AdvisoryPolicy.decide(criticalBefore, Optional.of(congested), T + 59_000, 100.0, RULES),
                "easing within the window is not news yet (no flip-flopping at a threshold)");
        assertEquals(
                AdvisoryPolicy.Decision.RAISE,
                AdvisoryPolicy.decide(criticalBefore, Optional.of(congested), T + 60_000, 100.0, RULES));
        Condition withIncident = new Condition(AdvisoryKind.CONGESTION, AdvisorySeverity.WARNING, List.of("i-9"));
        assertEquals(
                AdvisoryPolicy.Decision.NOTHING,
                AdvisoryPolicy.decide(last, Optional.of(withIncident), T + 10_000, 100.0, RULES));
        assertEquals(
                AdvisoryPolicy.Decision.RAISE,
                AdvisoryPolicy.decide(last, Optional.of(withIncident), T + 60_000, 100.0, RULES));
        assertEquals(
                AdvisoryPolicy.Decision.RAISE,
                AdvisoryPolicy.decide(
                        AdvisoryMemory.of(congested, T, null), Optional.of(congested), T + 1, 90.0, RULES),
                "a detour appeared where there was none");
    }

    @Test
    void aConditionThatEndsIsClearedAtOnceWithTheIncidentsItWasAbout() {
        Condition closure = new Condition(AdvisoryKind.CLOSURE, AdvisorySeverity.CRITICAL, List.of("c-1", "c-2"));
        AdvisoryMemory last = AdvisoryMemory.of(closure, T, null);
        assertEquals(
                AdvisoryPolicy.Decision.CLEAR,
                AdvisoryPolicy.decide(last, Optional.empty(), T + 1, null, RULES),
                "no repeat window holds back the end of a condition");
        assertEquals(
                new Condition(AdvisoryKind.CLEARED, AdvisorySeverity.INFO, List.of("c-1", "c-2")),
                AdvisoryPolicy.clearing(last));
        assertEquals(
                AdvisoryPolicy.Decision.NOTHING,
                AdvisoryPolicy.decide(null, Optional.empty(), T + 1, null, RULES),
                "nothing was advised, so nothing is cleared");
    }

    @Test
    void theFastestDetourAvoidsTheSegmentAndClosedOnes() {
        RoutingGraph graph = RoutingGraph.of(TestNetworks.triangle());
        RoutingGraph.Route route = graph.detour("A-B", id -> 60.0, id -> false).orElseThrow();
        assertEquals(List.of("A-C", "C-B"), route.segmentIds());
        assertEquals(120.0, route.travelTimeSeconds(), 1e-9);
        assertEquals(
                List.of("A-G", "G-B"),
                graph.detour("A-B", id -> 60.0, "C-B"::equals).orElseThrow().segmentIds());
        assertEquals(
                List.of("A-G", "G-B"),
                graph.detour("A-B", id -> id.equals("A-C") ? 500.0 : 60.0, id -> false)
                        .orElseThrow()
                        .segmentIds());
    }

    @Test
    void equalCostDetoursAreChosenTheSameWayEveryTime() {
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    List.of("A-C", "C-B"),
                    RoutingGraph.of(TestNetworks.triangle())
                            .detour("A-B", id -> 1.0, id -> false)
                            .orElseThrow()
                            .segmentIds());
        }
    }

    @Test
    void aSegmentWithoutAlternativeHasNoDetour() {
        RoutingGraph graph = RoutingGraph.of(TestNetworks.triangle());
        assertTrue(graph.detour("E-F", id -> 1.0, id -> false).isEmpty());
        assertTrue(graph.detour("A-B", id -> 1.0, id -> id.startsWith("A-")).isEmpty(), "every way out of A closed");
        assertTrue(graph.detour("nope", id -> 1.0, id -> false).isEmpty());
    }

    @Test
    void approachesAreUpstreamSegmentsWithinTheDistanceNearestFirst() {
        RoutingGraph graph = RoutingGraph.of(TestNetworks.triangle());
        assertEquals(List.of("D-A", "Y-D", "Z-Y"), graph.approaches("A-B", 2000));
        assertEquals(List.of("D-A"), graph.approaches("A-B", 999));
        assertEquals(List.of("D-A", "Y-D", "Z-Y", "W-Z"), graph.approaches("A-B", 5000));
    }

    @Test
    void approachesAtTheSameDistanceComeInOrderOfJunctionThenSegmentName() {
        // K and H are both 300 m upstream of P, K added first; Q-P loops back, so P-Q itself enters Q (100 m upstream).
        RoutingGraph graph = RoutingGraph.of(new RoadNetwork(List.of(
                TestNetworks.segment("P-Q", "Quay", "P", "Q", 500, 50),
                TestNetworks.segment("Q-P", "Quay", "Q", "P", 100, 50),
                TestNetworks.segment("K-P", "Kiln Lane", "K", "P", 300, 50),
                TestNetworks.segment("H-P", "Hill Road", "H", "P", 300, 50),
                TestNetworks.segment("X-K", "Kiln Lane", "X", "K", 400, 50),
                TestNetworks.segment("Y-H", "Hill Road", "Y", "H", 400, 50))));
        assertEquals(
                List.of("H-P", "K-P", "Q-P", "Y-H", "X-K"),
                graph.approaches("P-Q", 2000),
                "P's own approaches by name, then H's before K's (same distance), never P-Q itself");
        assertEquals(
                List.of("H-P", "K-P", "Q-P", "Y-H", "X-K"),
                graph.approaches("P-Q", 300),
                "a junction exactly at the distance counts");
        assertEquals(List.of("H-P", "K-P", "Q-P"), graph.approaches("P-Q", 299.9));
        assertEquals(List.of(), graph.approaches("nope", 2000));
    }

    @Test
    void messagesAreOneReadableSentence() {
        var segment = TestNetworks.segment("A-B", "Main Street", "A", "B", 1000, 50);
        var route = new RoutingGraph.Route(List.of("A-C", "C-B"), 92);
        String text = AdvisoryText.raised(
                segment,
                new Condition(AdvisoryKind.CONGESTION, AdvisorySeverity.WARNING, List.of()),
                "x",
                15.0,
                route,
                240.0,
                id -> "Canal Road");
        assertEquals("Congestion on Main Street (A-B) (15 km/h); detour via Canal Road (92 s), saves 2 min.", text);
        assertEquals(
                "Main Street (A-B) is closed; no detour avoids it.",
                AdvisoryText.raised(
                        segment,
                        new Condition(AdvisoryKind.CLOSURE, AdvisorySeverity.CRITICAL, List.of("c")),
                        "x",
                        null,
                        null,
                        null,
                        id -> ""));
    }
}
