package io.roadmirror.forecasts;

import java.time.Duration;
import java.util.List;

/**
 * How forecasts are made (docs/forecasts.md).
 *
 * @param bucket      width of a time-of-day bucket of the speed profile (a whole divisor of a day)
 * @param dayWeight   weight of a new day in a bucket's exponentially weighted mean, once the bucket has
 *                    seen more than 1 / dayWeight days (before that, every day counts the same: a plain mean)
 * @param horizons    the forecast's horizons, increasing, whole minutes
 * @param minInterval a segment is forecast at most once per this much event time
 * @param smoothing   the recent mean speed a forecast may lean on is over this many minutes up to now
 * @param learningSamples the blend's weights are learned over about this many samples (one a minute): an
 *                    older sample weighs {@code 1 - 1 / learningSamples} times the next
 * @param ridge       how strongly the learned weights are pulled towards zero (persistence), (km/h)^2: the
 *                    corrections' squares a horizon must have summed before it trusts them half-way
 * @param profileSkipsIncidents whether the minutes a segment has an open incident are left out of its profile
 *                    (they are not the usual pattern; its forecast still starts from them)
 */
public record ForecastThresholds(
        Duration bucket,
        double dayWeight,
        List<Duration> horizons,
        Duration minInterval,
        Duration smoothing,
        int learningSamples,
        double ridge,
        boolean profileSkipsIncidents) {
    public static final ForecastThresholds DEFAULTS = new ForecastThresholds(
            Duration.ofMinutes(15),
            0.3,
            List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30)),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            1440,
            100,
            true);

    public ForecastThresholds {
        if (bucket.isNegative() || bucket.isZero() || Duration.ofDays(1).toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("the profile's bucket must divide a day: " + bucket);
        }
        if (!(dayWeight > 0 && dayWeight <= 1)) {
            throw new IllegalArgumentException("dayWeight must be in (0, 1]: " + dayWeight);
        }
        horizons = List.copyOf(horizons);
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("at least one horizon");
        }
        for (int i = 0; i < horizons.size(); i++) {
            Duration h = horizons.get(i);
            if (h.toMinutes() < 1 || h.toMillis() % 60_000 != 0 || (i > 0 && h.compareTo(horizons.get(i - 1)) <= 0)) {
                throw new IllegalArgumentException("horizons must be whole minutes, increasing: " + horizons);
            }
        }
        if (smoothing.toMinutes() < 1) {
            throw new IllegalArgumentException("smoothing must be at least a minute: " + smoothing);
        }
        if (learningSamples < 1 || !(ridge >= 0)) {
            throw new IllegalArgumentException("learningSamples must be positive and ridge not negative");
        }
    }

    public int buckets() {
        return (int) (Duration.ofDays(1).toMillis() / bucket.toMillis());
    }

    /** The same rules learning another way (for trials of variants). */
    public ForecastThresholds learning(Duration smoothing, int learningSamples, double ridge) {
        return new ForecastThresholds(
                bucket, dayWeight, horizons, minInterval, smoothing, learningSamples, ridge, profileSkipsIncidents);
    }

    /** The same rules with the profile learning from incident minutes or not (for trials of variants). */
    public ForecastThresholds profileSkippingIncidents(boolean skip) {
        return new ForecastThresholds(
                bucket, dayWeight, horizons, minInterval, smoothing, learningSamples, ridge, skip);
    }

    public int bucketMinutes() {
        return (int) bucket.toMinutes();
    }

    /** Whether a state at {@code asOf} is due a forecast when the last was made from one at {@code lastForecastAt} (null: never). */
    public boolean due(Long lastForecastAt, long asOf) {
        return lastForecastAt == null || asOf >= lastForecastAt + minInterval.toMillis();
    }
}
