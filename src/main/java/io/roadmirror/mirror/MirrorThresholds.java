package io.roadmirror.mirror;

import java.time.Duration;

/**
 * The mirror's thresholds (DESIGN.md "Mirror").
 *
 * @param horizon            readings older than this behind the evaluation time do not count
 * @param grace              a reading further than this behind the stream time is LATE
 * @param freeFlowRatio      speed / limit at or above which traffic flows freely (0.75)
 * @param slowRatio          ... is SLOW (0.50)
 * @param congestedRatio     ... is CONGESTED (0.25); below it STOPPED
 * @param tick               the grid of event times at which segments are evaluated (the asOf of every state)
 */
public record MirrorThresholds(
        Duration horizon,
        Duration grace,
        double freeFlowRatio,
        double slowRatio,
        double congestedRatio,
        Duration tick) {

    public static final MirrorThresholds DEFAULTS = new MirrorThresholds(
            Duration.ofMinutes(3), Duration.ofSeconds(30), 0.75, 0.50, 0.25, Duration.ofMillis(500));

    public MirrorThresholds {
        if (!(freeFlowRatio > slowRatio && slowRatio > congestedRatio && congestedRatio > 0)) {
            throw new IllegalArgumentException("congestion ratios must satisfy free-flow > slow > congested > 0");
        }
        if (tick.isZero() || tick.isNegative() || tick.compareTo(horizon) > 0) {
            throw new IllegalArgumentException("the mirror's tick must be positive and at most the horizon");
        }
    }
}
