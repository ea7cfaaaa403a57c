package io.roadmirror.api;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whole-network answers, built once per version of what they show and shared by every client:
 * the version is the road network's change count and the live feed's event count, so an answer
 * holds until the network or the mirror changes. While the mirror changes all the time, an answer
 * is rebuilt at most once per {@code maxAge} (clients get the last one meanwhile), and one build
 * runs at a time: a crowd of clients costs one build, not one each.
 *
 * <p>ETags name a build of this process ({@code W/"<boot>-<n>"}), so a client that moves to another
 * instance behind a load balancer never gets a 304 for an answer it does not have.
 */
final class AnswerCache {
    /** Distinct queries kept (congestion filters of /api/segments and /api/network); more clears the cache. */
    private static final int MAX_KEYS = 64;

    private final Supplier<Object> version;
    private final BooleanSupplier settled;
    private final long maxAgeNanos;
    private final String boot = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong builds = new AtomicLong();
    private final Map<String, CachedAnswer> answers = new ConcurrentHashMap<>();
    private final Object building = new Object();

    /**
     * @param version what the answers depend on; equal versions mean equal answers
     * @param settled false while that version cannot be trusted (the pipeline restoring its stores):
     *                answers are then kept for {@code maxAge} only
     */
    AnswerCache(Supplier<Object> version, BooleanSupplier settled, Duration maxAge) {
        this.version = version;
        this.settled = settled;
        this.maxAgeNanos = maxAge.toNanos();
    }

    CachedAnswer get(String key, String contentType, Supplier<byte[]> build) {
        CachedAnswer current = answers.get(key);
        if (fresh(current)) {
            return current;
        }
        synchronized (building) {
            current = answers.get(key);
            if (fresh(current)) {
                return current; // built while this request waited
            }
            Object before = version.get(); // read first: a change during the build makes the answer stale at once
            byte[] json = build.get();
            CachedAnswer built = CachedAnswer.of(
                    "W/\"" + boot + "-" + builds.incrementAndGet() + "\"",
                    contentType,
                    json,
                    before,
                    System.nanoTime());
            if (answers.size() >= MAX_KEYS) {
                answers.clear();
            }
            answers.put(key, built);
            return built;
        }
    }

    long builds() {
        return builds.get();
    }

    private boolean fresh(CachedAnswer answer) {
        if (answer == null) {
            return false;
        }
        if (System.nanoTime() - answer.builtAtNanos() < maxAgeNanos) {
            return true;
        }
        return settled.getAsBoolean() && answer.version().equals(version.get());
    }
}
