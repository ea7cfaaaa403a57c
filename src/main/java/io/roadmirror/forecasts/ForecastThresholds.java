package io.roadmirror.forecasts;

import java.time.Duration;
import java.util.List;

/**
 * How forecasts are made (docs/forecasts.md).
 *
 * @param bucket      width of a time-of-day bucket of the speed profile (a whole divisor of a day)
 * @param dayWeight   weight of a new day in a bucket's exponentially weighted mean, once the bucket has
 *                    seen more than 1 / dayWeight days (before that, every day counts the same: a plain mean)
 * @param decay       time constant of today's deviation from the profile: at horizon h it counts exp(-h / decay)
 * @param horizons    the forecast's horizons, increasing
 * @param minInterval a segment is forecast at most once per this much event time
 */
public record ForecastThresholds(
        Duration bucket, double dayWeight, Duration decay, List<Duration> horizons, Duration minInterval) {
    public static final ForecastThresholds DEFAULTS = new ForecastThresholds(
            Duration.ofMinutes(15),
            0.3,
            Duration.ofMinutes(20),
            List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30)),
            Duration.ofMinutes(1));

    public ForecastThresholds {
        if (bucket.isNegative() || bucket.isZero() || Duration.ofDays(1).toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("the profile's bucket must divide a day: " + bucket);
        }
        if (!(dayWeight > 0 && dayWeight <= 1)) {
            throw new IllegalArgumentException("dayWeight must be in (0, 1]: " + dayWeight);
        }
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException("decay must be positive: " + decay);
        }
        horizons = List.copyOf(horizons);
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("at least one horizon");
        }
    }

    public int buckets() {
        return (int) (Duration.ofDays(1).toMillis() / bucket.toMillis());
    }

    public int bucketMinutes() {
        return (int) bucket.toMinutes();
    }

    /** Whether a state at {@code asOf} is due a forecast when the last was made from one at {@code lastForecastAt} (null: never). */
    public boolean due(Long lastForecastAt, long asOf) {
        return lastForecastAt == null || asOf >= lastForecastAt + minInterval.toMillis();
    }
}
