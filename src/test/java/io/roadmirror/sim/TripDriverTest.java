package io.roadmirror.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.SensorReading;
import io.roadmirror.network.ExpresswayNetwork;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.testing.TestNetworks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** A vehicle driving a requested route through the simulator's traffic ({@link TripDriver}, {@link TrafficModel#startTrip}). */
class TripDriverTest {
    private static final long T0 = Instant.parse("2026-03-01T08:00:00Z").toEpochMilli();
    // W-Z 500 m, Z-Y 2100 m, Y-D 600 m: a chain of the test triangle.
    private static final List<String> CHAIN = List.of("W-Z", "Z-Y", "Y-D");

    /** Drives until every trip arrived, in steps of {@code stepMs}; returns the trips in arrival order. */
    private static List<DrivenTrip> drive(TripDriver driver, long from, long stepMs, ToDoubleFunction<Long> speedAt) {
        List<DrivenTrip> arrived = new ArrayList<>();
        for (long t = from + stepMs; driver.driving() > 0; t += stepMs) {
            long stepEnd = t;
            arrived.addAll(driver.move(t, stepMs, id -> speedAt.applyAsDouble(stepEnd)));
        }
        return arrived;
    }

    @Test
    void aTripTakesEachSegmentsLengthOverItsSpeedWhateverTheStep() {
        // 3,200 m at 72 km/h (20 m/s): 160 s, reached mid-step with 5 s, 7 s and 1 s steps alike.
        for (long step : new long[] {5_000, 7_000, 1_000}) {
            TripDriver driver = new TripDriver(TestNetworks.triangle());
            driver.start("t", CHAIN, T0);
            List<DrivenTrip> arrived = drive(driver, T0, step, t -> 72.0);
            assertEquals(1, arrived.size());
            assertEquals(160.0, arrived.get(0).seconds(), 0.001, "step " + step);
            assertEquals(CHAIN, arrived.get(0).segmentIds());
        }
    }

    @Test
    void theSpeedWhileTheVehicleIsThereCountsNotTheSpeedAtDeparture() {
        // 10 m/s for the first 100 s (1,000 m), then 20 m/s for the remaining 2,200 m: 110 s more.
        TripDriver driver = new TripDriver(TestNetworks.triangle());
        driver.start("t", CHAIN, T0);
        List<DrivenTrip> arrived = drive(driver, T0, 5_000, t -> t <= T0 + 100_000 ? 36.0 : 72.0);
        assertEquals(210.0, arrived.get(0).seconds(), 0.001);
    }

    @Test
    void aStoppedRoadIsCrawledThroughAsByAVehicleInItsQueue() {
        TripDriver driver = new TripDriver(TestNetworks.triangle());
        driver.start("t", List.of("W-Z"), T0);
        List<DrivenTrip> arrived = drive(driver, T0, 5_000, t -> 0.0);
        assertEquals(500 / (ProbeFleet.MIN_PROBE_KPH / 3.6), arrived.get(0).seconds(), 0.001);
    }

    @Test
    void aTripSetsOffAtItsDepartureNotAtTheStartOfTheStep() {
        TripDriver driver = new TripDriver(TestNetworks.triangle());
        driver.start("late", List.of("W-Z"), T0 + 3_000);
        driver.start("early", List.of("W-Z"), T0);
        List<DrivenTrip> arrived = drive(driver, T0, 5_000, t -> 36.0);
        assertEquals(
                List.of("early", "late"),
                arrived.stream().map(DrivenTrip::tripId).toList());
        assertEquals(T0 + 3_000 + 50_000, arrived.get(1).arrivedAt());
        assertEquals(50.0, arrived.get(1).seconds(), 0.001);
    }

    @Test
    void aRouteThatCannotBeDrivenIsRefused() {
        TripDriver driver = new TripDriver(TestNetworks.triangle());
        assertThrows(IllegalArgumentException.class, () -> driver.start("t", List.of(), T0));
        assertThrows(IllegalArgumentException.class, () -> driver.start("t", List.of("W-Z", "nowhere"), T0));
        assertThrows(IllegalArgumentException.class, () -> driver.start("t", List.of("W-Z", "Y-D"), T0));
        assertEquals(0, driver.driving());
    }

    @Test
    void aTripThroughTheModelTakesTheTimeItsTrafficAllowsAndChangesNothingTheGatewaysSend() {
        RoadNetwork road = ExpresswayNetwork.of(3);
        Instant start = Instant.parse("2026-03-01T03:00:00Z");
        SimulatorSettings settings =
                new SimulatorSettings(60, 7, 2, 10, 0, Optional.of(start), SimulatorSettings.Realism.NONE);
        TrafficModel plain = new TrafficModel(road, settings, start, GroundTruth.NONE);
        TrafficModel withTrip = new TrafficModel(road, settings, start, GroundTruth.NONE);
        Map<String, double[]> speeds = new HashMap<>(); // sum and count of the speeds the loop detectors report
        long t = start.toEpochMilli() + 60_000;
        List<String> sent =
                plain.advanceTo(t).stream().map(r -> r.key() + r.value()).toList();
        for (var r : withTrip.advanceTo(t)) {
            if (r.value() instanceof SensorReading reading && reading.getSpeedKph() != null) {
                double[] sum = speeds.computeIfAbsent(reading.getSegmentId(), k -> new double[2]);
                sum[0] += reading.getSpeedKph();
                sum[1]++;
            }
        }
        List<String> route = List.of("E000", "E001", "E002");
        withTrip.startTrip("trip-1", route);
        List<DrivenTrip> arrived = new ArrayList<>();
        for (long until = t + 600_000; t < until && arrived.isEmpty(); ) {
            t += 10_000;
            List<String> a =
                    plain.advanceTo(t).stream().map(r -> r.key() + r.value()).toList();
            List<String> b =
                    withTrip.advanceTo(t).stream().map(r -> r.key() + r.value()).toList();
            assertEquals(a, b, "a driven trip sends nothing and moves nothing the gateways report");
            arrived.addAll(withTrip.arrivedTrips());
        }
        assertEquals(1, arrived.size());
        assertEquals(start.toEpochMilli() + 60_000, arrived.get(0).departAt(), "it set off when it was started");
        // Three miles at the night's free speed, which the loop detectors measure within their noise.
        double expected = route.stream()
                .mapToDouble(id -> ExpresswayNetwork.MILE_METERS / (speeds.get(id)[0] / speeds.get(id)[1] / 3.6))
                .sum();
        assertEquals(
                expected,
                arrived.get(0).seconds(),
                expected * 0.06,
                "took " + arrived.get(0).seconds());
        assertTrue(withTrip.arrivedTrips().isEmpty(), "an arrival is told once");
        assertEquals(0, withTrip.tripsUnderway());
    }
}
