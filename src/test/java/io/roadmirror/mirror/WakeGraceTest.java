package io.roadmirror.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The grace the segment side gives a source that may wake up behind the watermark, in wall-clock milliseconds. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WakeGraceTest {
    private static final long GRACE = WakeGrace.DEFAULT_GRACE_MS;

    @Test
    void aWatermarkIsReleasedOnceItHasBeenSeenForTheGrace() {
        WakeGrace grace = new WakeGrace(GRACE);
        assertEquals(5_000, grace.through(5_000, false, 1_000), "no source could wake behind: at once");
        assertEquals(5_000, grace.through(7_000, true, 1_000), "7 s was just seen");
        assertEquals(5_000, grace.through(9_000, true, 1_000 + GRACE / 2));
        assertEquals(7_000, grace.through(9_000, true, 1_000 + GRACE + 10), "7 s has been seen for the grace");
        assertEquals(9_000, grace.through(9_000, true, 1_000 + GRACE / 2 + GRACE + 10));
        assertEquals(12_000, grace.through(12_000, false, 1_000 + 2 * GRACE), "the idle source woke up: at once");
    }

    @Test
    void theGraceIsTwoCommitIntervalsAndASlack() {
        assertEquals(300, WakeGrace.DEFAULT_GRACE_MS, "100 ms commits, the default");
        assertEquals(2_100, WakeGrace.forCommitInterval(1_000));
        WakeGrace slowCommits = new WakeGrace(WakeGrace.forCommitInterval(1_000));
        assertEquals(5_000, slowCommits.through(5_000, false, 0));
        assertEquals(5_000, slowCommits.through(7_000, true, 0));
        assertEquals(5_000, slowCommits.through(7_000, true, 2_000), "a 300 ms grace would have released 7 s");
        assertEquals(7_000, slowCommits.through(7_000, true, 2_110));
    }

    @Test
    void aWatermarkThatWentBackIsNotPassedAndWhatLiesBeyondItWaitsAgain() {
        WakeGrace grace = new WakeGrace(GRACE);
        grace.through(5_000, false, 1_000);
        assertEquals(5_000, grace.through(20_000, true, 1_000));
        // A source taken as absent is heard: the watermark goes back to 15 s, seen only now.
        assertEquals(5_000, grace.through(15_000, true, 1_000 + GRACE - 50));
        assertEquals(5_000, grace.through(15_000, true, 1_000 + GRACE + 10), "20 s no longer counts");
        assertEquals(15_000, grace.through(15_000, true, 1_000 + 2 * GRACE), "15 s has been seen for the grace");
        assertEquals(3_000, grace.through(3_000, true, 1_000 + 3 * GRACE), "never beyond the watermark now");
    }
}
