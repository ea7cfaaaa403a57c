package io.roadmirror.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.state.SegmentLedger;
import io.roadmirror.streams.ExpiryIndex;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mirror's review schedule: the ledgers' reviewAt in time order, rebuilt from them when a task starts. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReviewScheduleTest {

    @Test
    void aStartingTaskSchedulesEverySegmentWhoseLedgerHasAReviewAndOnlyThose() {
        boolean[] closed = {false};
        ReviewSchedule schedule = ReviewSchedule.of(ledgers(
                closed,
                KeyValue.pair("A-B", ledger(2_000L)),
                KeyValue.pair("B-C", ledger(null)), // nothing pending: evaluated when an input comes
                KeyValue.pair("C-A", ledger(1_500L))));

        assertTrue(closed[0], "the store's iterator is closed");
        assertEquals(2, schedule.size());
        assertEquals(List.of(new ExpiryIndex.Due(1_500L, "C-A")), schedule.takeDueAt(1_999L));
        assertEquals(List.of(new ExpiryIndex.Due(2_000L, "A-B")), schedule.takeDueAt(2_000L));
        assertTrue(schedule.takeDueAt(Long.MAX_VALUE).isEmpty(), "each taken once");
    }

    @Test
    void aReviewMovesOnlyEarlierAndDueReviewsComeInTimeThenSegmentOrder() {
        ReviewSchedule schedule = ReviewSchedule.of(ledgers(new boolean[1]));
        Long at = schedule.keepNoLaterThan("B-C", null, 3_000L);
        assertEquals(3_000L, schedule.keepNoLaterThan("B-C", at, 4_000L), "a later wish keeps the earlier review");
        assertEquals(2_500L, schedule.keepNoLaterThan("B-C", at, 2_500L));
        schedule.keepNoLaterThan("A-B", null, 2_500L);
        schedule.reschedule("C-A", null, 500L);
        schedule.reschedule("C-A", 500L, 2_000L);

        assertEquals(
                List.of(
                        new ExpiryIndex.Due(2_000L, "C-A"),
                        new ExpiryIndex.Due(2_500L, "A-B"),
                        new ExpiryIndex.Due(2_500L, "B-C")),
                schedule.takeDueAt(3_000L),
                "B-C's entry at 3,000 moved, C-A's at 500 too");
    }

    private static SegmentLedger ledger(Long reviewAt) {
        SegmentLedger ledger = SegmentLedgers.empty();
        ledger.setReviewAt(reviewAt);
        return ledger;
    }

    @SafeVarargs
    private static KeyValueIterator<String, SegmentLedger> ledgers(
            boolean[] closed, KeyValue<String, SegmentLedger>... all) {
        Iterator<KeyValue<String, SegmentLedger>> it = List.of(all).iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, SegmentLedger> next() {
                return it.next();
            }

            @Override
            public String peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
    }
}
