package io.roadmirror.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.state.MirrorClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watermark: the least progress of the sources that may still send something older. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WatermarkTest {
    @Test
    void itIsTheSlowestBusySourceAndUnknownUntilEveryBusySourceWasHeard() {
        MirrorClock clock = Watermark.clock(3);
        Watermark.heard(clock, 0, 5_000, false);
        Watermark.heard(clock, 1, 3_000, false);
        assertEquals(Watermark.UNKNOWN, Watermark.of(clock, false), "source 2 may still send anything");
        assertEquals(3_000, Watermark.of(clock, true), "unless it is taken as absent");
        Watermark.heard(clock, 2, 4_000, false);
        assertEquals(3_000, Watermark.of(clock, false));
    }

    @Test
    void aSourceThatHasStartedButProcessedNothingYetIsWaitedForEvenAfterTheGrace() {
        MirrorClock clock = Watermark.clock(3);
        Watermark.heard(clock, 0, 5_000, false);
        Watermark.heard(clock, 1, Watermark.STARTING, false); // present, its input not processed yet
        assertEquals(Watermark.UNKNOWN, Watermark.of(clock, true), "source 1 exists: its input may be older than 5 s");
        Watermark.heard(clock, 1, 2_000, false);
        assertEquals(2_000, Watermark.of(clock, true), "source 2, never heard from, is taken as absent");
    }

    @Test
    void anIdleSourceHoldsNoOneBackAndWhenAllAreIdleTheirClocksRunOn() {
        MirrorClock clock = Watermark.clock(3);
        Watermark.heard(clock, 0, 5_000, false);
        Watermark.heard(clock, 1, 1_000, true);
        Watermark.heard(clock, 2, -1, true); // a partition that never had input
        assertEquals(5_000, Watermark.of(clock, false));
        Watermark.heard(clock, 0, 7_000, true);
        assertEquals(1_000, Watermark.of(clock, false), "all idle: the least of their estimates");
        Watermark.heard(clock, 1, 9_000, true);
        assertEquals(7_000, Watermark.of(clock, false), "a source that never had input offers no time");
    }

    @Test
    void anIdleSourceWhoseClockIsBehindCouldWakeUpBehindTheWatermark() {
        MirrorClock clock = Watermark.clock(3);
        Watermark.heard(clock, 0, 5_000, false);
        Watermark.heard(clock, 1, 6_000, true);
        assertFalse(
                Watermark.mayWakeBehind(clock, Watermark.of(clock, true)), "idle, but ahead: its input counts later");
        Watermark.heard(clock, 2, -1, true); // idle since start
        assertTrue(Watermark.mayWakeBehind(clock, Watermark.of(clock, true)));
        Watermark.heard(clock, 2, 5_500, false);
        assertFalse(Watermark.mayWakeBehind(clock, Watermark.of(clock, true)), "busy sources hold the others back");
    }

    @Test
    void aSourceBeyondTheConfiguredCountIsHeardToo() {
        MirrorClock clock = Watermark.clock(1);
        Watermark.heard(clock, 0, 5_000, false);
        Watermark.heard(clock, 3, 2_000, false);
        assertEquals(Watermark.UNKNOWN, Watermark.of(clock, false), "sources 1 and 2 now exist and were not heard");
        assertEquals(2_000, Watermark.of(clock, true));
    }
}
