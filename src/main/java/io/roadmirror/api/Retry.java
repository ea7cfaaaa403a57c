package io.roadmirror.api;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Bounded retries of interactive queries (STYLE.md §8): a store migrates or restores during a
 * rebalance ({@link InvalidStateStoreException}), a partition briefly has no owner
 * ({@link NotYetAvailable}). Both are normal and short; past the budget the client gets a 503
 * saying what could not be read.
 */
final class Retry {
    static final Duration BUDGET = Duration.ofSeconds(10);
    /** Within a request from another instance, which itself retries with {@link #BUDGET}. */
    static final Duration FOR_PEER = Duration.ofSeconds(2);

    private static final long PAUSE_MILLIS = 100;

    private Retry() {}

    static <T> T within(Duration budget, String what, Supplier<T> attempt) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            RuntimeException failure;
            try {
                return attempt.get();
            } catch (InvalidStateStoreException | NotYetAvailable e) {
                failure = e;
            }
            if (System.nanoTime() > deadline) {
                throw ApiException.unavailable(what + " cannot be read right now (" + failure.getMessage()
                        + "); the pipeline is probably rebalancing: retry in a few seconds");
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable(what + " cannot be read: the server is stopping");
            }
        }
    }

    static <T> T within(String what, Supplier<T> attempt) {
        return within(BUDGET, what, attempt);
    }
}
