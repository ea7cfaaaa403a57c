package io.roadmirror.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The mirror's "now": the newest event time its published states have reached, as this instance's
 * live feed saw them; the wall clock until it has seen one. A question asked of the API without a
 * time (a route's departAt, a what-if's start) means this now. In production it is the wall clock
 * less the pipeline's latency; in a replay, or the demo's simulated day, the mirror lives at
 * another time than the wall clock, and its forecasts and states are about that time.
 */
final class MirrorNow implements LongSupplier {
    private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
    private final LongSupplier wallClock;

    MirrorNow(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    void saw(long eventTime) {
        newest.accumulateAndGet(eventTime, Math::max);
    }

    @Override
    public long getAsLong() {
        long seen = newest.get();
        return seen == Long.MIN_VALUE ? wallClock.getAsLong() : seen;
    }
}
