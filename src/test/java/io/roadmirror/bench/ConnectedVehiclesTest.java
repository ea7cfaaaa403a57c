package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.ExpresswayNetwork;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connected-vehicle workload: the expressway of issue 10 and a seeded generator whose crashes the pipeline detects. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectedVehiclesTest {
    private static final Instant START = TestRecords.T0;

    private static ConnectedVehicles generator(int miles, int vehicles, long seed) {
        return new ConnectedVehicles(
                miles, vehicles, Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(3), START, seed);
    }

    private static List<ConnectedVehicles.Report> take(ConnectedVehicles g, int n) {
        List<ConnectedVehicles.Report> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }

    @Test
    void theExpresswayIsTwoDirectionsOfOneMileThreeLaneSegmentsThatChain() {
        RoadNetwork road = ExpresswayNetwork.of(100);
        assertEquals(200, road.segments().size());
        for (Segment s : road.segments()) {
            assertEquals(ExpresswayNetwork.MILE_METERS, s.lengthMeters(), 1e-9);
            assertEquals(3, s.lanes());
        }
        assertEquals(
                road.segment("E000").orElseThrow().toNode(),
                road.segment("E001").orElseThrow().fromNode(),
                "eastbound chains");
        assertEquals(
                road.segment("W001").orElseThrow().toNode(),
                road.segment("W000").orElseThrow().fromNode(),
                "westbound chains");
    }

    @Test
    void theSameSeedGivesTheSamePositionsAndAnotherSeedOthers() {
        List<String> a = take(generator(10, 500, 7), 5_000).stream()
                .map(r -> r.position().toString())
                .toList();
        List<String> b = take(generator(10, 500, 7), 5_000).stream()
                .map(r -> r.position().toString())
                .toList();
        List<String> c = take(generator(10, 500, 8), 5_000).stream()
                .map(r -> r.position().toString())
                .toList();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void everyVehicleReportsEvery30SecondsInEventTimeOrderOnTheExpressway() {
        int vehicles = 1_000;
        RoadNetwork road = ExpresswayNetwork.of(20);
        ConnectedVehicles g = generator(20, vehicles, 1);
        List<ConnectedVehicles.Report> reports = take(g, vehicles * 20); // 10 minutes
        Map<String, List<Long>> times = new HashMap<>();
        long previous = Long.MIN_VALUE;
        for (ConnectedVehicles.Report r : reports) {
            VehiclePosition p = r.position();
            long t = p.getEventTime().toEpochMilli();
            assertTrue(t >= previous, "event-time order");
            previous = t;
            Segment s =
                    road.segment(p.getSegmentId()).orElseThrow(() -> new AssertionError("not on the expressway: " + p));
            assertTrue(p.getOffsetMeters() >= 0 && p.getOffsetMeters() <= s.lengthMeters(), p.toString());
            assertTrue(p.getSpeedKph() == 0 || (p.getSpeedKph() >= 60 && p.getSpeedKph() <= 130), p.toString());
            times.computeIfAbsent(p.getVehicleId(), k -> new ArrayList<>()).add(t);
        }
        assertEquals(vehicles, times.size());
        for (List<Long> ts : times.values()) {
            assertEquals(20, ts.size());
            for (int i = 1; i < ts.size(); i++) {
                assertEquals(30_000, ts.get(i) - ts.get(i - 1));
            }
        }
        assertTrue(previous - START.toEpochMilli() < Duration.ofMinutes(10).toMillis());
        assertTrue(g.crashesStaged() >= 5, "about one crash a minute: " + g.crashesStaged());
    }

    /** The generator's crashes are crashes by the pipeline's own rule: each report it says completes one makes a DETECTED incident there and then. */
    @Test
    void thePipelineDetectsEveryCrashAtTheReportThatCompletesIt() {
        ConnectedVehicles g = generator(2, 100, 3);
        Set<String> expected = new TreeSet<>();
        try (PipelineTestDriver ttd =
                new PipelineTestDriver(ExpresswayNetwork.of(2), START.plus(Duration.ofMinutes(10)))) {
            for (ConnectedVehicles.Report r : take(g, 100 * 16)) { // 8 minutes: crashes from minute 1 last 3 minutes
                VehiclePosition p = r.position();
                ttd.positions.pipeInput(p.getVehicleId(), p, p.getEventTime());
                if (r.completesCrash() != null) {
                    expected.add(
                            "det-" + p.getSegmentId() + "-" + p.getEventTime().toEpochMilli());
                }
            }
            ttd.settle();
            List<IncidentReport> detected = ttd.incidentReportsOut.readValuesToList().stream()
                    .filter(i -> i.getSource() == IncidentSource.DETECTED && i.getStatus() == IncidentStatus.OPEN)
                    .toList();
            assertTrue(expected.size() >= 3, "crashes completed within 8 minutes: " + expected);
            assertEquals(
                    expected,
                    detected.stream()
                            .map(IncidentReport::getIncidentId)
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
    }
}
