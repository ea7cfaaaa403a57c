package io.roadmirror.advisories;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.cleared;
import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing advisories on transitions, one per change (DESIGN.md "Advisories"), on the network of {@link TestNetworks}. */
class AdvisoryTopologyTest {
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

    private void speed(String segment, long second, double kph) {
        String sensor = "s-" + segment;
        ttd.readings.pipeInput(sensor, reading(sensor, segment, sec(second), kph), sec(second));
    }

    private List<RoutingAdvisory> advisories() {
        return ttd.advisories.readValuesToList();
    }

    private List<RoutingAdvisory> advisoriesFor(String segment) {
        return advisories().stream()
                .filter(a -> a.getSegmentId().equals(segment))
                .toList();
    }

    @Test
    void aCongestedSegmentGetsOneAdvisoryWithADetourAroundIt() {
        speed("A-B", 0, 45);
        assertTrue(advisories().isEmpty(), "free flow: nothing to advise");

        speed("A-B", 30, 15); // 15/50 = 0.30: CONGESTED

        List<RoutingAdvisory> issued = advisories();
        assertEquals(1, issued.size());
        RoutingAdvisory a = issued.get(0);
        assertEquals("A-B", a.getSegmentId());
        assertEquals(AdvisoryKind.CONGESTION, a.getKind());
        assertEquals(AdvisorySeverity.WARNING, a.getSeverity());
        assertEquals(CongestionLevel.CONGESTED, a.getCongestion());
        assertEquals(sec(30), a.getEventTime());
        assertTrue(
                !a.getIssuedAt().isBefore(WALL_CLOCK) && a.getIssuedAt().isBefore(WALL_CLOCK.plusSeconds(60)),
                "the wall clock of the test driver when it was issued: " + a.getIssuedAt());
        assertFalse(a.getDetour().getSegmentIds().contains("A-B"), "the detour avoids the segment");
        assertEquals(
                List.of("A-C", "C-B"),
                a.getDetour().getSegmentIds(),
                "fastest; of two equal detours, the network's first");
        assertEquals(
                92.2,
                a.getDetour().getTravelTimeSeconds(),
                1e-9,
                "1280 m at 50 km/h, free flow where unknown, to 0.1 s like the mirror");
        assertEquals(240.0, a.getDetour().getCurrentTravelTimeSeconds(), 0.1, "1000 m at 15 km/h");
        assertEquals(147.8, a.getDetour().getSavedSeconds(), 0.1);
        assertEquals(
                List.of("D-A", "Y-D", "Z-Y"),
                a.getApproachSegmentIds(),
                "upstream within 2 km, nearest first; W-Z is 3.7 km away");
        assertEquals(sec(30).plus(Duration.ofMinutes(15)), a.getValidUntil());
        assertTrue(
                a.getMessage().startsWith("Congestion on Main Street (A-B) (15 km/h); detour via Canal Road (A-C)"),
                a.getMessage());
    }

    @Test
    void issuedAdvisoriesAreLoggedByEventTimeForQueries() {
        speed("A-B", 0, 15);
        speed("A-B", 30, 45);
        ttd.settle();
        List<String> keys = new ArrayList<>();
        try (var all = ttd.driver
                .<String, RoutingAdvisory>getKeyValueStore(AdvisoryTopology.LOG_STORE)
                .all()) {
            all.forEachRemaining(kv -> keys.add(kv.value.getKind() + "@" + kv.value.getEventTime()));
        }
        assertEquals(List.of("CONGESTION@" + sec(0), "CLEARED@" + sec(30)), keys);
    }

    @Test
    void anAdvisoryOfAKindAlreadyIssuedOnTheSegmentAtThatEventTimeGetsTheNextId() {
        speed("A-B", 0, 45);
        // As the log holds it when a condition is raised again at the same event time (its first advisory is in the
        // log).
        String first = AdvisoryIds.nth("A-B", sec(30).toEpochMilli(), AdvisoryKind.CONGESTION, 1);
        RoutingAdvisory earlier = RoutingAdvisory.newBuilder()
                .setAdvisoryId(first)
                .setSegmentId("A-B")
                .setKind(AdvisoryKind.CONGESTION)
                .setSeverity(AdvisorySeverity.WARNING)
                .setEventTime(sec(30))
                .setIssuedAt(WALL_CLOCK)
                .setCongestion(CongestionLevel.CONGESTED)
                .setIncidentIds(List.of())
                .setMessage("Congestion on Main Street (A-B)")
                .setDetour(null)
                .setApproachSegmentIds(List.of())
                .setValidUntil(null)
                .build();
        KeyValueStore<String, RoutingAdvisory> log = ttd.driver.getKeyValueStore(AdvisoryTopology.LOG_STORE);
        log.put(AdvisoryTopology.logKey(sec(30).toEpochMilli(), "A-B", first), earlier);

        speed("A-B", 30, 15);

        List<RoutingAdvisory> issued = advisoriesFor("A-B");
        assertEquals(1, issued.size());
        assertEquals(
                "A-B@" + sec(30).toEpochMilli() + "-congestion-2", issued.get(0).getAdvisoryId());
        assertEquals(
                first,
                log.get(AdvisoryTopology.logKey(sec(30).toEpochMilli(), "A-B", first))
                        .getAdvisoryId(),
                "the first one is kept");
        assertEquals(
                issued.get(0),
                log.get(AdvisoryTopology.logKey(
                        sec(30).toEpochMilli(), "A-B", issued.get(0).getAdvisoryId())));
    }

    @Test
    void theSameInputGivesTheSameAdvisoryIds() {
        List<String> ids = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            if (run > 0) {
                ttd.close();
                ttd = new PipelineTestDriver(TestNetworks.triangle(), WALL_CLOCK);
            }
            speed("A-B", 0, 15);
            speed("A-B", 30, 45);
            speed("A-B", 90, 5);
            ttd.settle();
            ids.add(advisories().stream()
                    .map(RoutingAdvisory::getAdvisoryId)
                    .toList()
                    .toString());
        }
        assertEquals(ids.get(0), ids.get(1));
        long t0 = sec(0).toEpochMilli();
        assertEquals(
                List.of(
                                "A-B@" + t0 + "-congestion",
                                "A-B@" + (t0 + 30_000) + "-cleared",
                                "A-B@" + (t0 + 90_000) + "-congestion")
                        .toString(),
                ids.get(0));
    }

    @Test
    void theDetourUsesLiveTravelTimesOfOtherSegments() {
        speed("C-B", 0, 5); // the first detour is jammed: 640 m at 5 km/h
        speed("A-B", 10, 15);
        RoutingAdvisory a = advisoriesFor("A-B").get(0);
        assertEquals(List.of("A-G", "G-B"), a.getDetour().getSegmentIds());
    }

    @Test
    void theSameConditionAgainWithinSixtySecondsSaysNothingNew() {
        speed("A-B", 0, 15);
        assertEquals(1, advisories().size());
        // A minor incident opens: a transition, but the same CONGESTION WARNING, 20 s later, same detour.
        ttd.incidents.pipeInput("i-minor", open("i-minor", "A-B", sec(20), IncidentType.HAZARD, 1), sec(20));
        assertTrue(advisories().isEmpty());
    }

    @Test
    void aDetourThatChangedByMoreThanTwentyPercentIsNewsEvenWithinSixtySeconds() {
        speed("A-B", 0, 15);
        advisories();
        speed("C-B", 5, 10); // detour via C is now slow ...
        speed("G-B", 6, 10); // ... and so is the one via G
        ttd.incidents.pipeInput("i-minor", open("i-minor", "A-B", sec(20), IncidentType.HAZARD, 1), sec(20));
        List<RoutingAdvisory> issued = advisoriesFor("A-B");
        assertEquals(1, issued.size());
        assertTrue(issued.get(0).getDetour().getTravelTimeSeconds() > 92.2 * 1.2);
    }

    @Test
    void whenTheConditionEndsACLearedAdvisoryFollows() {
        speed("A-B", 0, 15);
        advisories();
        speed("A-B", 30, 45); // FREE_FLOW again
        List<RoutingAdvisory> issued = advisories();
        assertEquals(1, issued.size());
        RoutingAdvisory cleared = issued.get(0);
        assertEquals(AdvisoryKind.CLEARED, cleared.getKind());
        assertEquals(AdvisorySeverity.INFO, cleared.getSeverity());
        assertNull(cleared.getDetour());
        assertNull(cleared.getValidUntil());
        assertTrue(cleared.getMessage().contains("flowing again"), cleared.getMessage());

        speed("A-B", 60, 46);
        assertTrue(advisories().isEmpty(), "nothing more to clear");
    }

    @Test
    void stoppedTrafficIsCritical() {
        speed("A-B", 0, 5);
        RoutingAdvisory a = advisories().get(0);
        assertEquals(AdvisorySeverity.CRITICAL, a.getSeverity());
        assertTrue(a.getMessage().startsWith("Stopped traffic"), a.getMessage());
    }

    @Test
    void aSeriousIncidentRaisesAnIncidentAdvisoryAndItsClearanceClearsIt() {
        speed("A-B", 0, 45);
        ttd.incidents.pipeInput("crash-1", open("crash-1", "A-B", sec(10), IncidentType.CRASH, 4), sec(10));
        RoutingAdvisory raised = advisories().get(0);
        assertEquals(AdvisoryKind.INCIDENT, raised.getKind());
        assertEquals(List.of("crash-1"), raised.getIncidentIds());
        assertTrue(raised.getMessage().startsWith("Crash (severity 4) on Main Street (A-B)"), raised.getMessage());

        ttd.incidents.pipeInput("crash-1", cleared("crash-1", "A-B", sec(600)), sec(600));
        RoutingAdvisory clear = advisories().get(0);
        assertEquals(AdvisoryKind.CLEARED, clear.getKind());
        assertEquals(List.of("crash-1"), clear.getIncidentIds());
    }

    @Test
    void anIncidentBelowTheMinimumSeverityRaisesNothing() {
        speed("A-B", 0, 45);
        ttd.incidents.pipeInput("i-2", open("i-2", "A-B", sec(10), IncidentType.HAZARD, 2), sec(10));
        assertTrue(advisories().isEmpty());
    }

    @Test
    void aClosureIsCriticalWithADetourAndNoCurrentTravelTime() {
        ttd.incidents.pipeInput("close-1", open("close-1", "A-B", sec(0), IncidentType.CLOSURE, 5), sec(0));
        RoutingAdvisory closure = advisories().get(0);
        assertEquals(AdvisoryKind.CLOSURE, closure.getKind());
        assertEquals(AdvisorySeverity.CRITICAL, closure.getSeverity());
        assertEquals(List.of("A-C", "C-B"), closure.getDetour().getSegmentIds());
        assertNull(closure.getDetour().getCurrentTravelTimeSeconds(), "null when closed");
        assertNull(closure.getDetour().getSavedSeconds());
        assertTrue(
                closure.getMessage().startsWith("Main Street (A-B) is closed; detour via Canal Road (A-C)"),
                closure.getMessage());
    }

    @Test
    void detoursAvoidClosedSegments() {
        ttd.incidents.pipeInput("close-2", open("close-2", "A-C", sec(0), IncidentType.CLOSURE, 5), sec(0));
        assertNull(advisoriesFor("A-C").get(0).getDetour(), "nothing else leads to C");
        speed("A-B", 10, 15);
        assertEquals(
                List.of("A-G", "G-B"),
                advisoriesFor("A-B").get(0).getDetour().getSegmentIds(),
                "not through the closed A-C");
    }

    @Test
    void aSegmentWithoutAnyDetourSaysSo() {
        speed("E-F", 0, 4);
        RoutingAdvisory a = advisories().get(0);
        assertNull(a.getDetour());
        assertTrue(a.getMessage().endsWith("no detour avoids it."), a.getMessage());
        assertEquals(
                List.of("B-E", "A-B", "C-B", "G-B"), a.getApproachSegmentIds().subList(0, 4));
    }

    @Test
    void becomingAHotspotIsAnInfoAdvisory() {
        speed("A-B", 0, 30); // SLOW: no traffic condition, but the advisory says how the road is

        for (int i = 1; i <= 3; i++) {
            ttd.incidents.pipeInput(
                    "h" + i, open("h" + i, "A-B", sec(i * 60L), IncidentType.STALLED_VEHICLE, 1), sec(i * 60L));
        }
        List<RoutingAdvisory> issued = advisories();
        assertEquals(1, issued.size(), "no traffic condition; one hotspot advisory");
        RoutingAdvisory a = issued.get(0);
        assertEquals(AdvisoryKind.HOTSPOT, a.getKind());
        assertEquals(AdvisorySeverity.INFO, a.getSeverity());
        assertEquals(List.of("h1", "h2", "h3"), a.getIncidentIds());
        assertNull(a.getDetour());
        assertEquals(CongestionLevel.SLOW, a.getCongestion(), "the segment's own live state, not a lagging copy");
        assertTrue(a.getMessage().contains("accident-prone: 3 incidents in the last 24 h"), a.getMessage());
        assertEquals(1.0, ttd.metrics.advisories("HOTSPOT"));
    }
}
