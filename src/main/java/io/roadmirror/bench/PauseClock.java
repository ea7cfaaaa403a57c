package io.roadmirror.bench;

/**
 * The wall-clock time since a workload last handed out a record. A real city's clock does not stop
 * while the benchmark waits between two phases or two rates, and the pipeline knows it: a source that
 * is caught up and quiet moves its promise on with the wall clock (the mirror's idle rule). A
 * workload that resumed where it paused would then send event times behind that promise, which count
 * at the promise, and at real-time pace they would never catch up with it: nothing would be evaluated
 * for as long as the pause lasted. So a workload skips the pause before it sends again.
 */
final class PauseClock {
    private long lastRecordNanos = System.nanoTime();

    void recordHandedOut() {
        lastRecordNanos = System.nanoTime();
    }

    /** Wall-clock milliseconds since the last record was handed out. */
    long pausedMillis() {
        return (System.nanoTime() - lastRecordNanos) / 1_000_000;
    }
}
