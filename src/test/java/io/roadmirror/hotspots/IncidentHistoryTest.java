package io.roadmirror.hotspots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.HotspotLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IncidentHistoryTest {
    private static final HotspotThresholds RULES = HotspotThresholds.DEFAULTS;
    private static final long DAY = Duration.ofHours(24).toMillis();

    private static IncidentHistory with(long... times) {
        IncidentHistory h = IncidentHistory.empty();
        int n = 0;
        for (long t : times) {
            h = h.withOpening(new IncidentHistory.Entry("i" + n++, t, 1));
        }
        return h;
    }

    @Test
    void levelsFollowTheCountAndTheScore() {
        assertEquals(HotspotLevel.NONE, with(0).assess(10, RULES).level());
        assertEquals(HotspotLevel.WATCH, with(0, 1).assess(10, RULES).level());
        assertEquals(HotspotLevel.HOTSPOT, with(0, 1, 2).assess(10, RULES).level());
        IncidentHistory severe = IncidentHistory.empty()
                .withOpening(new IncidentHistory.Entry("a", 0, 5))
                .withOpening(new IncidentHistory.Entry("b", 1, 3));
        assertEquals(HotspotLevel.HOTSPOT, severe.assess(10, RULES).level(), "score 8");
        assertEquals(8, severe.assess(10, RULES).severityScore());
    }

    @Test
    void anOpeningLeavesTheWindowExactlyADayLater() {
        IncidentHistory h = with(1000, 5000);
        assertEquals(2, h.expiredUntil(1000 + DAY - 1, RULES).entries().size());
        IncidentHistory after = h.expiredUntil(1000 + DAY, RULES);
        assertEquals(1, after.entries().size());
        assertEquals(1, after.severitySum(), "the sum follows without a rescan");
        assertEquals(5000 + DAY, after.nextExpiry(RULES));
        assertNull(after.expiredUntil(5000 + DAY, RULES).nextExpiry(RULES));
    }

    @Test
    void aCrashTheDetectorFoundAndSomeoneReportedCountsOnce() {
        IncidentHistory h = IncidentHistory.empty().withOpening(new IncidentHistory.Entry("det-1", 0, 3, true, true));
        assertNull(
                h.withOpening(new IncidentHistory.Entry("op-7", 8 * 60_000, 3, true, false)),
                "reported 8 min after detection");
        assertEquals(
                2,
                h.withOpening(new IncidentHistory.Entry("op-8", 40 * 60_000, 3, true, false))
                        .entries()
                        .size(),
                "a crash 40 min later is another crash");
        assertEquals(
                2,
                h.withOpening(new IncidentHistory.Entry("det-2", 60_000, 3, true, true))
                        .entries()
                        .size(),
                "two detections are two crashes");
        assertEquals(
                2,
                h.withOpening(new IncidentHistory.Entry("hz-1", 60_000, 2, false, false))
                        .entries()
                        .size(),
                "a hazard is not the crash");
    }

    @Test
    void onlyChangesOfStandingAreNewsAndNeverBelowWatchFirst() {
        IncidentHistory h = with(0);
        assertFalse(h.isNews(h.assess(1, RULES)), "NONE with one incident is not published");
        IncidentHistory watch = with(0, 1);
        IncidentHistory.Assessment a = watch.assess(2, RULES);
        assertTrue(watch.isNews(a));
        IncidentHistory published = watch.published(a);
        assertFalse(published.isNews(published.assess(3, RULES)), "same standing later");
        IncidentHistory back = published.expiredUntil(DAY + 1, RULES);
        assertTrue(back.isNews(back.assess(DAY + 1, RULES)), "falling back to NONE is news once");
        assertTrue(with(0).withOpening(new IncidentHistory.Entry("i0", 5, 1)) == null, "the same incident id again");
    }
}
