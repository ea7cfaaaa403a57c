package io.roadmirror.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;
import io.roadmirror.state.ProbeInput;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.Tally;
import io.roadmirror.testing.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fusion rule as changes in time, without Kafka: sums at an event time give the state the rule asks for. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ContributionsTest {
    private static final long H = MirrorThresholds.DEFAULTS.horizon().toMillis();
    private static final Segment SEGMENT =
            TestNetworks.triangle().segment("A-B").orElseThrow(); // 1000 m, 50 km/h
    private final List<Contributions.Change> changes = new ArrayList<>();

    private static SensorLatest sensor(String id, long t, Double speed, int count, Double occupancy) {
        return new SensorLatest(id, t, speed, count, occupancy, 30);
    }

    /** The state at {@code asOf} from every change filed so far at or before it. */
    private LiveState at(long asOf) {
        Tally sum = Tallies.zero();
        changes.stream().filter(c -> c.at() <= asOf).forEach(c -> Tallies.addInto(sum, c.delta()));
        return LiveStates.of(SEGMENT, sum, List.of(), asOf, MirrorThresholds.DEFAULTS);
    }

    @Test
    void aReadingCountsForExactlyOneHorizon() {
        changes.addAll(Contributions.ofReading(sensor("s1", 0, 40.0, 10, 12.0), null, H));
        assertEquals(40.0, at(0).speedKph());
        assertEquals(40.0, at(H).speedKph(), "exactly one horizon old still counts");
        assertEquals(CongestionLevel.UNKNOWN, at(H + 1).congestion(), "then it no longer does");
        assertEquals(0, at(H + 1).sensorsReporting());
    }

    @Test
    void aNewerReadingOfTheSameSensorReplacesTheOlderAtItsTimeAndAnOlderOneChangesNothing() {
        SensorLatest first = sensor("s1", 0, 40.0, 10, null);
        SensorLatest second = sensor("s1", 30_000, 10.0, 10, null);
        changes.addAll(Contributions.ofReading(first, null, H));
        changes.addAll(Contributions.ofReading(second, first, H));
        assertEquals(40.0, at(29_999).speedKph());
        assertEquals(10.0, at(30_000).speedKph());
        assertEquals(1, at(30_000).sensorsReporting(), "one sensor, not two");
        assertEquals(10.0, at(H + 1).speedKph(), "the first one's expiry does not take the second away");
        assertEquals(CongestionLevel.UNKNOWN, at(30_000 + H + 1).congestion());
        assertTrue(
                Contributions.ofReading(sensor("s1", 30_000, 99.0, 1, null), second, H)
                        .isEmpty(),
                "a duplicate");
        assertTrue(
                Contributions.ofReading(sensor("s1", 10_000, 99.0, 1, null), second, H)
                        .isEmpty(),
                "an older reading");
    }

    @Test
    void readingsAndProbesAreFusedByVehicleWeightedMeanSpeed() {
        changes.addAll(Contributions.ofReading(sensor("s1", 0, 40.0, 3, null), null, H));
        changes.addAll(Contributions.ofProbe(new ProbeInput("v1", 10_000L, 0.0, null, null), H));
        LiveState state = at(10_000);
        assertEquals(30.0, state.speedKph(), "(40*3 + 0) / 4: a probe vehicle weighs as one vehicle");
        assertEquals(1, state.probeVehicles());
        assertEquals(360.0, state.flowVehPerHour(), "3 vehicles in 30 s");
        assertNull(state.occupancyPct());
    }

    @Test
    void aVehiclesNewPositionReplacesItsPreviousOneOnTheSegment() {
        changes.addAll(Contributions.ofProbe(new ProbeInput("v1", 0L, 50.0, null, null), H));
        changes.addAll(Contributions.ofProbe(new ProbeInput("v1", 30_000L, 10.0, 0L, 50.0), H));
        assertEquals(1, at(30_000).probeVehicles());
        assertEquals(10.0, at(30_000).speedKph());
        assertEquals(1, at(H + 1).probeVehicles(), "the first position's expiry is cancelled with it");
    }

    @Test
    void noVehicleMeansAnEmptyRoadUnlessADetectorIsHalfOccupied() {
        changes.addAll(Contributions.ofReading(sensor("s1", 0, null, 0, 0.0), null, H));
        assertEquals(CongestionLevel.FREE_FLOW, at(0).congestion());
        assertNull(at(0).speedKph());
        assertEquals(72.0, at(0).travelTimeSeconds(), "free-flow time when no speed is known");

        changes.clear();
        changes.addAll(Contributions.ofReading(sensor("s1", 0, null, 0, 95.0), null, H));
        assertEquals(CongestionLevel.STOPPED, at(0).congestion(), "a queue standing on the detector");
        assertEquals(0.0, at(0).speedKph());
        assertEquals(1800.0, at(0).travelTimeSeconds(), "at least 2 km/h: long but finite");
    }

    @Test
    void withNothingLiveTheSegmentIsUnknown() {
        LiveState state = at(0);
        assertEquals(CongestionLevel.UNKNOWN, state.congestion());
        assertEquals(72.0, state.travelTimeSeconds());
        assertEquals(0, state.sensorsReporting());
    }
}
