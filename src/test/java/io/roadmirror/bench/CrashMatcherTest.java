package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Matching DETECTED incidents to the crashes the generator completed, and the latency counted for each. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CrashMatcherTest {
    private static final long MS = 1_000_000L;

    private static BenchWorkload.CrashMark crash(String id, String segment, long eventTime) {
        return new BenchWorkload.CrashMark(id, segment, eventTime);
    }

    @Test
    void aDetectionWithTheExpectedIdMatchesThatCrashEvenIfAnOlderOneWaitsOnTheSegment() {
        CrashMatcher m = new CrashMatcher();
        m.sent(crash("c1", "E001", 1_000), 0, true);
        m.sent(crash("c2", "E001", 5_000), 100 * MS, true);
        assertTrue(m.seen("E001", "det-E001-5000", 400 * MS));
        assertEquals(1, m.outstanding());
        assertTrue(m.seen("E001", "det-E001-1000", 2_000 * MS));
        CrashMatcher.Samples s = m.take();
        assertEquals(2, s.completed());
        assertEquals(2, s.detected());
        assertEquals(0, s.missed());
        assertEquals(300, s.latency().getMinValue() / 1000, 1, "c2: sent at 100 ms, seen at 400 ms");
        assertEquals(2_000, s.latency().getMaxValue() / 1000, 2, "c1: sent at 0, seen at 2 s");
    }

    @Test
    void aDetectionNamedOtherwiseMatchesTheOldestCrashOnItsSegmentAndOneOnAnEmptySegmentIsUnexpected() {
        CrashMatcher m = new CrashMatcher();
        m.sent(crash("c1", "W010", 1_000), 0, true);
        m.sent(crash("c2", "W010", 2_000), 10 * MS, true);
        assertTrue(m.seen("W010", "some-other-naming", 50 * MS));
        assertFalse(m.seen("E003", "det-E003-7", 60 * MS));
        CrashMatcher.Samples s = m.take();
        assertEquals(1, s.detected());
        assertEquals(1, s.missed());
        assertEquals(1, s.unexpected());
        assertEquals(50, s.latency().getValueAtPercentile(50) / 1000, 1, "matched to c1, the oldest");
    }

    @Test
    void warmUpCrashesAreMatchedButNotCountedAndAStepsMissedCrashesStayAwaitedUncounted() {
        CrashMatcher m = new CrashMatcher();
        m.sent(crash("warm", "E000", 1_000), 0, false);
        m.sent(crash("late", "E002", 2_000), 0, true);
        assertTrue(m.seen("E000", "det-E000-1000", 10 * MS));
        assertEquals(1, m.outstandingCounted());
        CrashMatcher.Samples first = m.take();
        assertEquals(1, first.completed());
        assertEquals(0, first.detected());
        assertEquals(1, first.missed());
        assertEquals(0, first.latency().getTotalCount());
        assertEquals(0, m.outstandingCounted(), "a new step awaits only its own crashes");
        assertTrue(m.seen("E002", "det-E002-2000", 30_000 * MS), "the late detection still matches its crash");
        CrashMatcher.Samples second = m.take();
        assertEquals(0, second.unexpected());
        assertEquals(0, second.detected());
        assertEquals(0, second.latency().getTotalCount());
    }
}
