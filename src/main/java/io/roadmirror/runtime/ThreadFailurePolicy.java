package io.roadmirror.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What to do when a stream thread dies: replace it, after a backoff, a bounded number of times in
 * a window (a bug or a broken disk does not go away by retrying, and a process that keeps replacing
 * threads while health says UP hides it); past the budget the client shuts down and the process
 * exits non-zero, so an orchestrator restarts it and a person notices. A registry outage is not a
 * fault of this instance: it is waited out with a growing backoff and does not use the budget, or
 * a registry restart of a few minutes would end every instance at once. The global thread cannot
 * be replaced (Kafka Streams 4.3), so its death always ends the client.
 */
public final class ThreadFailurePolicy {
    private final int maxReplacements;
    private final Duration window;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Deque<Long> recentFailures = new ArrayDeque<>();
    private int outageFailures;

    public record Decision(boolean replace, Duration backoff, String why) {
        static Decision shutDown(String why) {
            return new Decision(false, Duration.ZERO, why);
        }
    }

    public ThreadFailurePolicy(int maxReplacements, Duration window, Duration firstBackoff, Duration maxBackoff) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Three replacements within five minutes, 1 s, 2 s, 4 s apart; registry outages retried up to every 30 s. */
    public static ThreadFailurePolicy defaults() {
        return new ThreadFailurePolicy(3, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public synchronized Decision onFailure(long nowMillis, boolean globalThread, boolean registryOutage) {
        if (globalThread) {
            return Decision.shutDown("the global stream thread failed, and Kafka Streams cannot replace it");
        }
        if (registryOutage) {
            Duration backoff = backoff(outageFailures++);
            return new Decision(
                    true, backoff, "the schema registry is unavailable; retrying in " + backoff.toSeconds() + " s");
        }
        while (!recentFailures.isEmpty() && recentFailures.peekFirst() <= nowMillis - window.toMillis()) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() >= maxReplacements) {
            return Decision.shutDown("a stream thread failed " + (recentFailures.size() + 1) + " times within "
                    + window.toMinutes() + " min; giving up so that the process restarts");
        }
        Duration backoff = backoff(recentFailures.size());
        recentFailures.addLast(nowMillis);
        return new Decision(
                true,
                backoff,
                "replacing the stream thread (" + recentFailures.size() + " of " + maxReplacements + " within "
                        + window.toMinutes() + " min) in " + backoff.toSeconds() + " s");
    }

    /** The registry answers again: the next outage starts with a short backoff. */
    public synchronized void outageOver() {
        outageFailures = 0;
    }

    private Duration backoff(int previousFailures) {
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(previousFailures, 20));
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
