package io.roadmirror.mirror;

import io.roadmirror.state.SegmentLedger;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.ExpiryIndex.Due;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * When each segment of a task is due to be evaluated next, in time order. It is the ledgers'
 * {@code reviewAt} (mirror-store, changelogged) read the other way round, so it lives in memory and
 * is rebuilt from the ledgers when the task starts: a store of its own wrote a changelog record for
 * about every evaluation (0.13 records per position in a connected drain) to keep what the ledgers
 * already keep.
 */
final class ReviewSchedule {
    /** Due reviews in time order, then by segment: the order of the store-backed {@link ExpiryIndex}. */
    private static final Comparator<Due> ORDER =
            Comparator.comparingLong(Due::at).thenComparing(Due::key);

    private final TreeSet<Due> due = new TreeSet<>(ORDER);

    /** The schedule the ledgers hold (a task's start, after its stores are restored). */
    static ReviewSchedule of(KeyValueIterator<String, SegmentLedger> ledgers) {
        ReviewSchedule schedule = new ReviewSchedule();
        try (ledgers) {
            while (ledgers.hasNext()) {
                KeyValue<String, SegmentLedger> kv = ledgers.next();
                if (kv.value.getReviewAt() != null) {
                    schedule.due.add(new Due(kv.value.getReviewAt(), kv.key));
                }
            }
        }
        return schedule;
    }

    /** Moves a segment's review from {@code previous} to {@code next} (either may be null: none). */
    void reschedule(String segmentId, Long previous, Long next) {
        if (previous != null && previous.equals(next)) {
            return;
        }
        if (previous != null) {
            due.remove(new Due(previous, segmentId));
        }
        if (next != null) {
            due.add(new Due(next, segmentId));
        }
    }

    /**
     * Makes sure the segment is reviewed no later than {@code wanted}, moving it only when that is earlier than the
     * time already scheduled ({@code scheduled}, null: none); @return the time it is scheduled at now.
     */
    Long keepNoLaterThan(String segmentId, Long scheduled, Long wanted) {
        if (wanted != null && scheduled != null && scheduled <= wanted) {
            return scheduled;
        }
        reschedule(segmentId, scheduled, wanted);
        return wanted;
    }

    /** Removes and returns the reviews due at or before {@code now}, oldest first. */
    List<Due> takeDueAt(long now) {
        List<Due> taken = new ArrayList<>();
        while (!due.isEmpty() && due.first().at() <= now) {
            taken.add(due.pollFirst());
        }
        return taken;
    }

    int size() {
        return due.size();
    }
}
