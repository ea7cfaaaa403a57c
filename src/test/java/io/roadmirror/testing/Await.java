package io.roadmirror.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition, checked every 100 ms; fails saying what did not happen. */
public final class Await {
    private Await() {}

    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
