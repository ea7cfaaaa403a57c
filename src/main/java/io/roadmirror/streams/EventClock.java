package io.roadmirror.streams;

/**
 * Event time "now" for a task, for finding what has gone silent. While records flow it is the
 * stream time. When the whole input has been quiet for a while, stream time stands still, yet a
 * real mirror must notice that silence: from then on the clock runs at wall-clock speed from the
 * last stream time (a conservative guess when the input is replayed faster than real time).
 */
public final class EventClock {
    /** Input quiet for less than this is normal jitter, not silence. */
    static final long QUIET_AFTER_MS = 10_000;

    private long streamTime = -1;
    private long wallAtLastAdvance;

    /** Stream time as of a record being processed (no extrapolation). */
    public long onRecord(long currentStreamTime, long wallNow) {
        advance(currentStreamTime, wallNow);
        return streamTime;
    }

    /** Estimated event time now, for a wall-clock punctuation; -1 before any record. */
    public long estimate(long currentStreamTime, long wallNow) {
        advance(currentStreamTime, wallNow);
        if (streamTime < 0) {
            return -1;
        }
        long quiet = wallNow - wallAtLastAdvance;
        return quiet < QUIET_AFTER_MS ? streamTime : streamTime + quiet;
    }

    private void advance(long currentStreamTime, long wallNow) {
        if (currentStreamTime > streamTime) {
            streamTime = currentStreamTime;
            wallAtLastAdvance = wallNow;
        }
    }
}
