package io.roadmirror.mirror;

import java.util.ArrayDeque;

/**
 * How long the segment side waits, in wall-clock time, before it evaluates a time that a source could still wake up
 * behind. An idle source holds no one back ({@link Watermark}), so when it gets input again that input races the other
 * sources' later input to the segment side: each source task commits its transaction on its own stream thread. Lost by
 * a few milliseconds, the input counts a grid step late, and a real-time run differs from a drain of the same input
 * (in a drain no source is idle: every partition has records to fetch). So while some idle source's clock is behind
 * the watermark, a time is evaluated only once the watermark has been past it for the grace: a waking source's first
 * input has that long to arrive. When every source holds the others back, nothing waits.
 *
 * <p>The grace is two commit intervals and a heartbeat's worth of slack ({@link #forCommitInterval}): a source's input
 * becomes visible when its task commits, so with commits a second apart it may land a second after the others'. The
 * mirror reads the commit interval Kafka Streams runs with, so an operator who trades latency for fewer transactions
 * keeps the mirror exact.
 *
 * <p>Kept in memory only: after a restart the watermark is seen anew and waits the grace once more.
 */
final class WakeGrace {
    /** What a waking source's task may need beyond its commits to send its first input. */
    static final long SLACK_MS = 100;
    /** The grace with the default commit interval of 100 ms. */
    static final long DEFAULT_GRACE_MS = forCommitInterval(100);
    /** Watermarks seen within one bucket of wall-clock time share an entry (taken as seen at the bucket's end). */
    private static final long BUCKET_MS = 10;

    private final long graceMs;
    /** (wall-clock bucket end, highest watermark seen in it), oldest first; at most grace / BUCKET_MS entries. */
    private final ArrayDeque<long[]> seen = new ArrayDeque<>();
    /** The highest watermark that has been seen for the grace, and is not above the watermark now. */
    private long released = Long.MIN_VALUE;

    WakeGrace(long graceMs) {
        if (graceMs < 0) {
            throw new IllegalArgumentException("the grace cannot be negative: " + graceMs);
        }
        this.graceMs = graceMs;
    }

    /** Two commit intervals and {@link #SLACK_MS}. */
    static long forCommitInterval(long commitIntervalMs) {
        return 2 * commitIntervalMs + SLACK_MS;
    }

    long graceMs() {
        return graceMs;
    }

    /**
     * The watermark the segment side may evaluate by now.
     *
     * @param watermark     the sources' watermark now
     * @param mayWakeBehind whether a source that holds no one back could wake up behind it
     * @param wall          the wall-clock time now
     */
    long through(long watermark, boolean mayWakeBehind, long wall) {
        if (!mayWakeBehind) {
            seen.clear();
            released = watermark;
            return watermark;
        }
        // A watermark that went back (a source taken as absent or idle is heard again): nothing beyond it is released,
        // and what lies beyond it waits its grace anew when the watermark gets there again.
        released = Math.min(released, watermark);
        while (!seen.isEmpty() && seen.peekLast()[1] > watermark) {
            seen.pollLast();
        }
        long bucketEnd = Math.floorDiv(wall, BUCKET_MS) * BUCKET_MS + BUCKET_MS - 1;
        long[] last = seen.peekLast();
        if (last != null && last[0] == bucketEnd) {
            last[1] = Math.max(last[1], watermark);
        } else if (watermark > (last == null ? released : last[1])) {
            seen.addLast(new long[] {bucketEnd, watermark});
        }
        while (!seen.isEmpty() && seen.peekFirst()[0] + graceMs <= wall) {
            released = Math.max(released, seen.pollFirst()[1]);
        }
        return released;
    }
}
