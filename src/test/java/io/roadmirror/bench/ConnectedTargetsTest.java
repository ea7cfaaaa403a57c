package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 10's targets as the report judges them from what was measured. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectedTargetsTest {
    private static final LatencyPhase.Percentiles NONE = new LatencyPhase.Percentiles(0, 0, 0, 0, 0, 0);

    private static LatencyPhase.Step step(int rate, boolean sustained, double crashP99) {
        LatencyPhase.Percentiles crash =
                new LatencyPhase.Percentiles(10, crashP99 / 2, crashP99, crashP99, crashP99, crashP99 / 2);
        return new LatencyPhase.Step(rate, rate, 1, 1, 1, NONE, NONE, 0, 0, 1, 0, sustained, "", crash, 10, 10, 0);
    }

    private static BenchReport.Drain drain(String guarantee, double rate, Double ofFloor) {
        DrainPhase.Result r = new DrainPhase.Result(guarantee, 1, Map.of(), 1, rate, 0, Map.of(), Map.of(), null, null);
        return new BenchReport.Drain(r, 10, ofFloor);
    }

    private static BenchReport.Ladder ladder(LatencyPhase.Step... steps) {
        return new BenchReport.Ladder("exactly_once_v2", null, List.of(steps), null, null, null);
    }

    @Test
    void eachTargetIsJudgedAgainstItsThreshold() {
        DensityPhase.Result density = new DensityPhase.Result(
                "exactly_once_v2",
                5_000,
                30,
                List.of(
                        new DensityPhase.Row(2, 1, 1, 1, 1, 1, 0, 40),
                        new DensityPhase.Row(2_000, 1, 1, 1, 1, 1, 0, 56)),
                1.4,
                null,
                null);
        BenchReport.ConnectedTargets t = BenchReport.ConnectedTargets.of(
                List.of(drain("exactly_once_v2", 31_000, 55.0), drain("at_least_once", 40_000, 45.0)),
                ladder(step(10_000, true, 900), step(20_000, true, 4_800)),
                density);
        assertEquals(4_800, t.crashP99At20kMs());
        assertTrue(t.sustainedAt20k() && t.crashMet() && t.drainMet() && t.densityMet() && t.floorMet());
        assertEquals(55.0, t.eosPercentOfFloor(), "exactly_once_v2 is the one judged");
    }

    @Test
    void aRateRunTwiceCountsIfEitherRunSustainedItAndMissesAreMisses() {
        BenchReport.ConnectedTargets retried = BenchReport.ConnectedTargets.of(
                List.of(), ladder(step(20_000, false, 9_000), step(20_000, true, 3_000)), null);
        assertTrue(retried.crashMet());
        assertEquals(3_000, retried.crashP99At20kMs());
        BenchReport.ConnectedTargets slow = BenchReport.ConnectedTargets.of(
                List.of(drain("exactly_once_v2", 9_000, 20.0)),
                ladder(step(20_000, false, 7_000), step(20_000, false, 6_000)),
                null);
        assertFalse(slow.crashMet());
        assertFalse(slow.drainMet());
        assertFalse(slow.floorMet());
        assertNull(slow.densityMet(), "not measured");
        BenchReport.ConnectedTargets notReached =
                BenchReport.ConnectedTargets.of(List.of(), ladder(step(10_000, false, 100)), null);
        assertNull(notReached.sustainedAt20k());
        assertNull(notReached.crashMet());
    }
}
