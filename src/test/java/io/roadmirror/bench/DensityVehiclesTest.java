package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.ExpresswayNetwork;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.testing.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CPU-per-density phase's input: exactly d vehicles on each of its segments, and the ratio it reports. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DensityVehiclesTest {
    private static final Instant START = TestRecords.T0;
    private static final Duration EVERY = Duration.ofSeconds(30);

    @Test
    void everySegmentHoldsExactlyDVehiclesEveryReportIntervalInEventTimeOrder() {
        int vehicles = 400;
        for (int d : List.of(2, 20, 200)) {
            DensityVehicles g = new DensityVehicles(7, d, vehicles, EVERY, START, 1);
            assertEquals(vehicles / d, g.segments());
            RoadNetwork road = ExpresswayNetwork.of(7 + DensityVehicles.miles(d, vehicles));
            Map<Long, Map<String, Set<String>>> perInterval = new HashMap<>();
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < vehicles * 6; i++) { // one 3-minute horizon
                VehiclePosition p = g.next();
                long t = p.getEventTime().toEpochMilli();
                assertTrue(t >= previous, "event-time order");
                previous = t;
                assertTrue(road.segment(p.getSegmentId()).isPresent(), p.toString());
                assertTrue(p.getSpeedKph() > 0
                        && p.getOffsetMeters() >= 0
                        && p.getOffsetMeters() <= ExpresswayNetwork.MILE_METERS);
                perInterval
                        .computeIfAbsent((t - START.toEpochMilli()) / EVERY.toMillis(), k -> new HashMap<>())
                        .computeIfAbsent(p.getSegmentId(), k -> new HashSet<>())
                        .add(p.getVehicleId());
            }
            assertEquals(6, perInterval.size());
            for (Map<String, Set<String>> segments : perInterval.values()) {
                assertEquals(vehicles / d, segments.size(), "density " + d);
                segments.values().forEach(ids -> assertEquals(d, ids.size(), "density " + d));
            }
            assertTrue(
                    perInterval.get(0L).keySet().stream().allMatch(s -> Integer.parseInt(s.substring(1)) >= 7),
                    "from its first mile");
        }
    }

    @Test
    void densitiesGetTheirOwnMilesAndVehiclesMustFillWholeSegments() {
        assertEquals(100, DensityVehicles.miles(2, 400));
        assertEquals(1, DensityVehicles.miles(200, 400));
        assertEquals(1, DensityVehicles.miles(400, 400), "one segment still needs a mile");
        BenchSettings.Connected c = new BenchSettings.Connected(
                1_000,
                10,
                Duration.ofSeconds(10),
                Duration.ofMinutes(4),
                4_000,
                List.of(2, 20, 200, 2_000),
                2_000,
                Duration.ofSeconds(10));
        assertEquals(2 * (1_000 + 100 + 10 + 1), DensityPhase.network(c).size());
        assertThrows(IllegalArgumentException.class, () -> new DensityVehicles(0, 3, 400, EVERY, START, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BenchSettings.Connected(
                        1_000,
                        10,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(4),
                        1_000,
                        List.of(2, 2_000),
                        2_000,
                        Duration.ofSeconds(10)));
    }

    @Test
    void theRatioIsHighestDensityOverLowestWhateverTheOrder() {
        DensityPhase.Row low = new DensityPhase.Row(2, 100, 200, 1_000, 500, 10, 0, 40.0);
        DensityPhase.Row high = new DensityPhase.Row(2_000, 1, 2_000, 1_000, 500, 10, 0, 52.0);
        DensityPhase.Row mid = new DensityPhase.Row(20, 10, 200, 1_000, 500, 10, 0, 99.0);
        assertEquals(1.3, DensityPhase.ratio(List.of(high, mid, low)));
        assertNull(DensityPhase.ratio(List.of(low)));
    }
}
