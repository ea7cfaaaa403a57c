package io.roadmirror.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.SampleCity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficModelTest {
    private static final Instant START = Instant.parse("2026-03-15T06:30:00Z");

    private static TrafficModel model(long seed, SimulatorSettings.Realism realism, GroundTruth truth) {
        SimulatorSettings settings = new SimulatorSettings(60, seed, 4, 100, 8, Optional.of(START), realism);
        return new TrafficModel(SampleCity.generate(), settings, START, truth);
    }

    private static List<String> run(long seed, Duration span) {
        TrafficModel model = model(seed, SimulatorSettings.Realism.NONE, GroundTruth.NONE);
        return model.advanceTo(START.plus(span).toEpochMilli()).stream()
                .map(r -> r.gatewayId() + "|" + r.topic() + "|" + r.key() + "|" + r.value())
                .toList();
    }

    /** Ground truth that keeps the true incidents. */
    private static GroundTruth incidentsInto(List<TrueIncident> incidents) {
        return new GroundTruth() {
            @Override
            public void speed(String segmentId, long minuteStart, double speedKph) {}

            @Override
            public void incident(TrueIncident incident) {
                incidents.add(incident);
            }
        };
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        List<String> first = run(7, Duration.ofMinutes(20));
        assertEquals(first, run(7, Duration.ofMinutes(20)));
        assertNotEquals(first, run(8, Duration.ofMinutes(20)));
        assertTrue(first.size() > 5_000, "a busy city: " + first.size());
    }

    @Test
    void speedFallsWithLoadAndFlowGrowsWithDemandUntilCapacity() {
        double previous = Double.MAX_VALUE;
        for (double x = 0; x <= 4; x += 0.05) {
            double ratio = CongestionModel.speedRatio(x);
            assertTrue(ratio < previous || x == 0, "strictly decreasing at " + x);
            assertTrue(ratio > 0 && ratio <= 1);
            previous = ratio;
        }
        assertTrue(
                CongestionModel.loadRatio(0.8, 0.5) > CongestionModel.loadRatio(0.8, 1.0),
                "an incident raises the load");
        assertTrue(CongestionModel.flow(2, 0.5, 1, 1) < CongestionModel.flow(2, 0.9, 1, 1));
        assertEquals(
                CongestionModel.flow(2, 1.0, 1, 1), CongestionModel.flow(2, 1.4, 1, 1), 1e-9, "capped at capacity");
    }

    @Test
    void rushHourIsBusierThanTheNight() {
        assertTrue(DemandProfile.at(Instant.parse("2026-03-15T08:00:00Z"))
                > 2 * DemandProfile.at(Instant.parse("2026-03-15T03:00:00Z")));
        assertTrue(DemandProfile.at(Instant.parse("2026-03-15T17:30:00Z"))
                > DemandProfile.at(Instant.parse("2026-03-15T12:00:00Z")));
    }

    @Test
    void sensorsReportEveryThirtySecondsAsTheirGatewaysKeyedBySensor() {
        TrafficModel model = model(3, SimulatorSettings.Realism.NONE, GroundTruth.NONE);
        List<GatewayRecord> records =
                model.advanceTo(START.plus(Duration.ofMinutes(10)).toEpochMilli());
        Map<String, List<SensorReading>> bySensor = records.stream()
                .filter(r -> r.value() instanceof SensorReading)
                .map(r -> (SensorReading) r.value())
                .collect(Collectors.groupingBy(SensorReading::getSensorId));
        assertEquals(model.sensorCount(), bySensor.size());
        for (List<SensorReading> readings : bySensor.values()) {
            assertTrue(readings.size() >= 19 && readings.size() <= 20, "10 minutes at 30 s: " + readings.size());
            for (int i = 1; i < readings.size(); i++) {
                assertEquals(
                        30_000,
                        readings.get(i).getEventTime().toEpochMilli()
                                - readings.get(i - 1).getEventTime().toEpochMilli());
            }
        }
        records.forEach(r -> {
            if (r.value() instanceof SensorReading reading) {
                assertEquals(reading.getSensorId(), r.key());
                assertEquals(reading.getGatewayId(), r.gatewayId());
            } else if (r.value() instanceof VehiclePosition p) {
                assertEquals(p.getVehicleId(), r.key());
            } else if (r.value() instanceof IncidentReport i) {
                assertEquals(i.getIncidentId(), r.key());
            }
        });
    }

    @Test
    void aCrashIsMadeOfProbeVehiclesReallyStandingStillAtOnePosition() {
        List<TrueIncident> incidents = new ArrayList<>();
        GroundTruth truth = incidentsInto(incidents);
        TrafficModel model = model(11, SimulatorSettings.Realism.NONE, truth);
        List<GatewayRecord> records =
                model.advanceTo(START.plus(Duration.ofHours(4)).toEpochMilli());
        TrueIncident crash = incidents.stream()
                .filter(i -> i.type() == IncidentType.CRASH)
                .findFirst()
                .orElseThrow();
        List<VehiclePosition> car = records.stream()
                .filter(r -> r.key().equals(crash.incidentId() + "-car-a"))
                .map(r -> (VehiclePosition) r.value())
                .toList();
        List<VehiclePosition> still = car.stream()
                .filter(p -> p.getEventTime().toEpochMilli() < crash.end())
                .toList();
        assertTrue(still.size() >= 4, "at least four reports while the crash lasts: " + still.size());
        still.forEach(p -> {
            assertEquals(0.0, p.getSpeedKph());
            assertEquals(still.get(0).getOffsetMeters(), p.getOffsetMeters());
            assertEquals(crash.segmentId(), p.getSegmentId());
        });
        VehiclePosition last = car.get(car.size() - 1);
        assertTrue(last.getSpeedKph() > 0, "drives off once cleared");
    }

    @Test
    void accidentProneSegmentsCollectIncidents() {
        List<TrueIncident> incidents = new ArrayList<>();
        GroundTruth truth = incidentsInto(incidents);
        TrafficModel model = model(5, SimulatorSettings.Realism.NONE, truth);
        model.advanceTo(START.plus(Duration.ofHours(6)).toEpochMilli());
        Map<String, Integer> perSegment = new HashMap<>();
        incidents.forEach(i -> perSegment.merge(i.segmentId(), 1, Integer::sum));
        int max = model.accidentProneSegments().stream()
                .mapToInt(s -> perSegment.getOrDefault(s, 0))
                .max()
                .orElse(0);
        assertTrue(max >= 3, "some accident-prone segment had at least 3 incidents in 6 h: " + perSegment);
    }

    @Test
    void realismFlagsProduceDuplicatesLateReadingsGarbageAndSilence() {
        SimulatorSettings.Realism realism =
                new SimulatorSettings.Realism(0.02, 0.05, 0.05, Duration.ofSeconds(20), 0.02);
        TrafficModel model = model(9, realism, GroundTruth.NONE);
        List<GatewayRecord> records =
                model.advanceTo(START.plus(Duration.ofMinutes(30)).toEpochMilli());
        long garbage = records.stream().filter(GatewayRecord::isGarbage).count();
        long late = records.stream()
                .filter(r -> r.value() instanceof SensorReading sr
                        && r.sendAt() - sr.getEventTime().toEpochMilli() > 60_000)
                .count();
        long distinct = records.stream()
                .filter(r -> r.value() instanceof SensorReading)
                .map(GatewayRecord::value)
                .distinct()
                .count();
        long readings =
                records.stream().filter(r -> r.value() instanceof SensorReading).count();
        assertTrue(garbage > 0, "garbage");
        assertTrue(late > 0, "late");
        assertTrue(readings > distinct, "duplicates");
    }
    /** Each segment's true speed per minute. */
    private static final class Speeds implements GroundTruth {
        final Map<String, Map<Long, Double>> bySegment = new HashMap<>();

        @Override
        public void speed(String segmentId, long minuteStart, double speedKph) {
            bySegment.computeIfAbsent(segmentId, id -> new HashMap<>()).put(minuteStart, speedKph);
        }

        @Override
        public void incident(TrueIncident incident) {}

        double mean(String segmentId, Instant from, Instant until) {
            return bySegment.get(segmentId).entrySet().stream()
                    .filter(e -> e.getKey() >= from.toEpochMilli() && e.getKey() < until.toEpochMilli())
                    .mapToDouble(Map.Entry::getValue)
                    .average()
                    .orElseThrow();
        }
    }

    @Test
    void aClosedSegmentsTrafficDrivesItsDetourWhichSlowsDownWhileNothingBeforeTheClosureChanges() {
        String closed = "N0302-N0303"; // Canal Boulevard eastbound, an arterial
        Instant closeAt = Instant.parse("2026-03-15T08:00:00Z");
        Instant reopen = closeAt.plus(Duration.ofMinutes(30));
        Speeds without = new Speeds();
        Speeds with = new Speeds();
        TrafficModel plain = model(5, SimulatorSettings.Realism.NONE, without);
        TrafficModel closing = model(5, SimulatorSettings.Realism.NONE, with);
        TrueIncident closure = closing.planClosure(closed, closeAt, Duration.ofMinutes(30));
        assertEquals(IncidentType.CLOSURE, closure.type());

        long justBefore = closeAt.toEpochMilli() - TrafficModel.TICK_MS;
        assertTrue(
                plain.advanceTo(justBefore)
                        .toString()
                        .equals(closing.advanceTo(justBefore).toString()),
                "the same city until the closure");
        Instant during = closeAt.plus(Duration.ofMinutes(20));
        plain.advanceTo(during.toEpochMilli());
        closing.advanceTo(during.toEpochMilli());
        List<String> detour = closing.detourOf(closed);
        var network = SampleCity.generate();
        var segment = network.segment(closed).orElseThrow();
        assertTrue(detour.size() >= 2 && !detour.contains(closed), "a way round: " + detour);
        assertEquals(
                segment.fromNode(), network.segment(detour.get(0)).orElseThrow().fromNode());
        assertEquals(
                segment.toNode(),
                network.segment(detour.get(detour.size() - 1)).orElseThrow().toNode());
        assertEquals(List.of(), plain.detourOf(closed));

        Instant settled = closeAt.plus(Duration.ofMinutes(5));
        assertEquals(0.0, with.mean(closed, settled, during), 1.0, "nobody drives a closed road");
        for (String id : detour) {
            assertTrue(
                    with.mean(id, settled, during) < 0.97 * without.mean(id, settled, during),
                    id + " carries the closed road's traffic and slows down: " + with.mean(id, settled, during)
                            + " against " + without.mean(id, settled, during) + " km/h");
        }
        // Only the detour, and where a queue on it backs up to (two junctions upstream), change.
        Set<String> reach = new HashSet<>(detour);
        reach.add(closed);
        for (String id : detour) {
            for (var up : network.entering(network.segment(id).orElseThrow().fromNode())) {
                reach.add(up.id());
                network.entering(up.fromNode()).forEach(upUp -> reach.add(upUp.id()));
            }
        }
        for (var s : network.segments()) {
            if (!reach.contains(s.id())) {
                assertEquals(
                        without.mean(s.id(), closeAt, during),
                        with.mean(s.id(), closeAt, during),
                        1e-9,
                        s.id() + " is nowhere near the closure");
            }
        }

        Instant later = reopen.plus(Duration.ofMinutes(10));
        plain.advanceTo(later.toEpochMilli());
        closing.advanceTo(later.toEpochMilli());
        assertEquals(List.of(), closing.detourOf(closed), "reopened");
        for (String id : detour) {
            assertEquals(
                    without.mean(id, later.minus(Duration.ofMinutes(2)), later),
                    with.mean(id, later.minus(Duration.ofMinutes(2)), later),
                    0.5,
                    id + " is back to normal");
        }
    }
}
