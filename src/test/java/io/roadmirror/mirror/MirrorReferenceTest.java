package io.roadmirror.mirror;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.position;
import static io.roadmirror.testing.TestRecords.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mirror keeps sums, not lists; this checks it against the rules applied the plain way: every
 * published state equals what the latest reading of each sensor and the latest position of each
 * of thousands of probe vehicles, live within the horizon at that event time, give.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MirrorReferenceTest {
    private static final String SEGMENT = "A-B";
    private static final long HORIZON = MirrorThresholds.DEFAULTS.horizon().toMillis();
    private static final long END = 300_000;

    /** A timed input of the reference: a sensor reading or a probe position. */
    private record Sample(String source, long time, Double speed, int count, Double occupancy, boolean probe) {}

    @Test
    void thousandsOfVehiclesOnOneSegmentGiveTheStatesOfThePlainRule() {
        Random random = new Random(7);
        List<Sample> inputs = new ArrayList<>();
        int vehicles = 2000;
        for (int v = 0; v < vehicles; v++) {
            long phase = random.nextInt(30_000);
            long leaves = v % 4 == 0 ? 60_000 + random.nextInt(200_000) : Long.MAX_VALUE; // a quarter drive on
            for (long t = phase; t < END && t < leaves; t += 30_000) {
                inputs.add(new Sample("v" + v, t, 5 + random.nextDouble() * 70, 1, null, true));
            }
        }
        for (int s = 0; s < 3; s++) {
            long silentFrom = s == 2 ? 150_000 : Long.MAX_VALUE; // one detector fails half way
            for (long t = s * 7_000L; t < END && t < silentFrom; t += 20_000) {
                inputs.add(new Sample(
                        "s" + s,
                        t,
                        10 + random.nextDouble() * 60,
                        random.nextInt(25),
                        random.nextDouble() * 40,
                        false));
            }
        }
        inputs.sort((a, b) -> Long.compare(a.time, b.time));

        List<SegmentState> published = new ArrayList<>();
        try (PipelineTestDriver ttd = new PipelineTestDriver(TestNetworks.triangle(), T0.plus(Duration.ofDays(1)))) {
            for (Sample in : inputs) {
                Instant t = T0.plusMillis(in.time);
                if (in.probe) {
                    ttd.positions.pipeInput(in.source, position(in.source, SEGMENT, t, in.speed, 500), t);
                } else {
                    ttd.readings.pipeInput(
                            in.source, reading(in.source, SEGMENT, t, in.speed, in.count, in.occupancy), t);
                }
            }
            for (int i = 0; i < 80; i++) { // silence: everything ages out
                ttd.settle();
            }
            ttd.mirror.readKeyValuesToList().stream()
                    .filter(kv -> kv.key.equals(SEGMENT))
                    .forEach(kv -> published.add(kv.value));
        }

        assertTrue(
                published.size() > Math.min(300, vehicles),
                "a state every second or so while traffic changes: " + published.size());
        Segment segment = TestNetworks.triangle().segment(SEGMENT).orElseThrow();
        int maxProbes = 0;
        for (SegmentState state : published) {
            long asOf = state.getAsOf().toEpochMilli() - T0.toEpochMilli();
            LiveState expected = reference(segment, inputs, asOf);
            String at = "as of +" + asOf + " ms: expected " + expected + " got " + state;
            assertEquals(expected.congestion(), state.getCongestion(), at);
            assertEquals(expected.probeVehicles(), state.getProbeVehicles(), at);
            assertEquals(expected.sensorsReporting(), state.getSensorsReporting(), at);
            assertClose(expected.speedKph(), state.getSpeedKph(), 0.1, at);
            assertClose(expected.flowVehPerHour(), state.getFlowVehPerHour(), 1, at);
            assertClose(expected.occupancyPct(), state.getOccupancyPct(), 0.1, at);
            assertEquals(expected.travelTimeSeconds(), state.getTravelTimeSeconds(), 0.2, at);
            maxProbes = Math.max(maxProbes, state.getProbeVehicles());
        }
        assertTrue(maxProbes >= 1900, "the segment carried thousands of probe vehicles at once: " + maxProbes);
        assertEquals(
                CongestionLevel.UNKNOWN, published.get(published.size() - 1).getCongestion(), "after the silence");
    }

    /** The mirror's rule the plain way: the latest sample of each source at or before asOf, if at most one horizon old. */
    private static LiveState reference(Segment segment, List<Sample> inputs, long asOf) {
        Map<String, Sample> latest = new HashMap<>();
        for (Sample s : inputs) {
            if (s.time <= asOf) {
                latest.merge(s.source, s, (a, b) -> b.time > a.time ? b : a);
            }
        }
        double weighted = 0;
        double weight = 0;
        double flow = 0;
        double occupancy = 0;
        int occupancies = 0;
        int sensors = 0;
        int probes = 0;
        for (Sample s : latest.values()) {
            if (asOf - s.time > HORIZON) {
                continue;
            }
            if (s.probe) {
                probes++;
                weighted += s.speed;
                weight++;
            } else {
                sensors++;
                if (s.count > 0) {
                    weighted += s.speed * s.count;
                    weight += s.count;
                }
                flow += s.count * 3600.0 / 30;
                occupancy += s.occupancy;
                occupancies++;
            }
        }
        Double speed = weight > 0 ? weighted / weight : null;
        CongestionLevel level = speed != null
                ? Congestion.level(speed, segment.speedLimitKph(), MirrorThresholds.DEFAULTS)
                : sensors + probes > 0 ? CongestionLevel.FREE_FLOW : CongestionLevel.UNKNOWN;
        double travel = speed == null
                ? segment.freeFlowTravelTimeSeconds()
                : segment.lengthMeters() / (Math.max(speed, 2.0) / 3.6);
        return new LiveState(
                segment.id(),
                asOf,
                level,
                speed,
                sensors == 0 ? null : flow / sensors,
                occupancies == 0 ? null : occupancy / occupancies,
                travel,
                segment.freeFlowTravelTimeSeconds(),
                sensors,
                probes,
                List.of(),
                null);
    }

    private static void assertClose(Double expected, Double actual, double tolerance, String at) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, at);
        } else {
            assertEquals(expected, actual, tolerance, at);
        }
    }
}
