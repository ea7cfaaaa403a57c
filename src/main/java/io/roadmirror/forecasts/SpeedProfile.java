package io.roadmirror.forecasts;

import java.util.Arrays;
import java.util.Objects;

/**
 * A segment's time-of-day speed profile (plain Java, immutable): per bucket of the day (UTC), an
 * exponentially weighted mean over days of that bucket's mean speed.
 *
 * <p>It learns from the mirror's states as they are: a state holds until the next one, so the speed
 * of each observed state counts for the minutes until the next observation (a segment whose speed
 * does not change for an hour, and so is published once, still teaches that hour). The bucket being
 * observed now is accumulated apart ({@code open...}) and joins the profile only when a later bucket
 * begins, so the profile for the current time of day is made of earlier days alone: today's
 * deviation from it is a deviation, not partly itself. A bucket observed for less than a third of
 * it (a segment that only became known at its end) is left out. Its size is fixed by the number of buckets.
 *
 * @param meanKph          per bucket, the mean speed over days, km/h (meaningless where {@code days} is 0)
 * @param days             per bucket, how many days contributed (capped at {@value #MAX_DAYS})
 * @param openBucketStart  start (UTC ms) of the bucket being accumulated, or null
 * @param openSpeedMinutes the open bucket's speeds times the minutes they held, km/h * min
 * @param openMinutes      the open bucket's minutes with a known speed
 * @param lastSpeedKph     the speed last observed (null: unknown); it holds from {@code lastObservedAt} on
 * @param lastObservedAt   event time of the last observation, or null
 * @param lastForecastAt   event time of the state last forecast from, or null
 */
public record SpeedProfile(
        double[] meanKph,
        int[] days,
        Long openBucketStart,
        double openSpeedMinutes,
        double openMinutes,
        Double lastSpeedKph,
        Long lastObservedAt,
        Long lastForecastAt) {
    static final int MAX_DAYS = 10_000;
    /** A speed is taken to hold at most this long without a new state (the mirror says UNKNOWN well before). */
    static final long MAX_HOLD_MS = 2 * 3_600_000L;

    private static final double MINUTE_MS = 60_000.0;

    public SpeedProfile {
        if (meanKph.length != days.length) {
            throw new IllegalArgumentException("meanKph and days differ in length");
        }
    }

    public static SpeedProfile empty(ForecastThresholds rules) {
        return new SpeedProfile(new double[rules.buckets()], new int[rules.buckets()], null, 0, 0, null, null, null);
    }

    /**
     * The profile after the mirror's state at {@code time} was observed, with speed {@code speedKph}
     * (null: the mirror knows none): the speed observed before counts up to {@code time}, and every
     * bucket that ended meanwhile joins the profile.
     */
    public SpeedProfile observe(long time, Double speedKph, ForecastThresholds rules) {
        if (lastObservedAt != null && time < lastObservedAt) {
            return this; // the mirror's states come in event-time order; an older one teaches nothing new
        }
        SpeedProfile p = this;
        if (lastObservedAt != null && lastSpeedKph != null) {
            p = p.hold(Math.max(lastObservedAt, time - MAX_HOLD_MS), time, lastSpeedKph, rules);
        }
        long bucketMs = rules.bucket().toMillis();
        if (p.openBucketStart != null && p.openBucketStart + bucketMs <= time) {
            p = p.closeOpenBucket(rules);
        }
        return new SpeedProfile(
                p.meanKph,
                p.days,
                p.openBucketStart,
                p.openSpeedMinutes,
                p.openMinutes,
                speedKph,
                time,
                p.lastForecastAt);
    }

    /** Counts {@code speed} over [from, to), bucket by bucket. */
    private SpeedProfile hold(long from, long to, double speed, ForecastThresholds rules) {
        long bucketMs = rules.bucket().toMillis();
        SpeedProfile p = this;
        for (long a = from; a < to; ) {
            long bucketStart = Math.floorDiv(a, bucketMs) * bucketMs;
            long b = Math.min(to, bucketStart + bucketMs);
            if (p.openBucketStart != null && p.openBucketStart != bucketStart) {
                p = p.closeOpenBucket(rules);
            }
            double minutes = (b - a) / MINUTE_MS;
            p = new SpeedProfile(
                    p.meanKph,
                    p.days,
                    bucketStart,
                    p.openSpeedMinutes + speed * minutes,
                    p.openMinutes + minutes,
                    p.lastSpeedKph,
                    p.lastObservedAt,
                    p.lastForecastAt);
            a = b;
        }
        return p;
    }

    /** The open bucket's mean joins the bucket's profile: the first days as a plain mean, then with weight {@code dayWeight}. */
    SpeedProfile closeOpenBucket(ForecastThresholds rules) {
        if (openBucketStart == null) {
            return this;
        }
        if (openMinutes < rules.bucket().toMillis() / MINUTE_MS / 3) {
            return new SpeedProfile(meanKph, days, null, 0, 0, lastSpeedKph, lastObservedAt, lastForecastAt);
        }
        int b = index(openBucketStart, rules);
        double dayMean = openSpeedMinutes / openMinutes;
        double[] means = meanKph.clone();
        int[] seen = days.clone();
        double weight = Math.max(rules.dayWeight(), 1.0 / (seen[b] + 1));
        means[b] = seen[b] == 0 ? dayMean : means[b] + weight * (dayMean - means[b]);
        seen[b] = Math.min(MAX_DAYS, seen[b] + 1);
        return new SpeedProfile(means, seen, null, 0, 0, lastSpeedKph, lastObservedAt, lastForecastAt);
    }

    public SpeedProfile forecastAt(long asOf) {
        return new SpeedProfile(
                meanKph, days, openBucketStart, openSpeedMinutes, openMinutes, lastSpeedKph, lastObservedAt, asOf);
    }

    /**
     * The profile's speed at a time of day, km/h, interpolated linearly between bucket centres (a
     * neighbour not learned yet is left out); null when the bucket of {@code time} has not been learned.
     */
    public Double at(long time, ForecastThresholds rules) {
        long bucketMs = rules.bucket().toMillis();
        int b = index(time, rules);
        if (days[b] == 0) {
            return null;
        }
        double within = (double) Math.floorMod(time, bucketMs) / bucketMs - 0.5; // -0.5 .. 0.5 around the centre
        int neighbour = Math.floorMod(b + (within < 0 ? -1 : 1), days.length);
        if (days[neighbour] == 0) {
            return meanKph[b];
        }
        double w = Math.abs(within);
        return meanKph[b] * (1 - w) + meanKph[neighbour] * w;
    }

    /** Number of buckets learned from at least one day. */
    public int learnedBuckets() {
        return (int) Arrays.stream(days).filter(d -> d > 0).count();
    }

    static int index(long time, ForecastThresholds rules) {
        return (int) (Math.floorMod(time, 86_400_000L) / rules.bucket().toMillis());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeedProfile p
                && Arrays.equals(meanKph, p.meanKph)
                && Arrays.equals(days, p.days)
                && Objects.equals(openBucketStart, p.openBucketStart)
                && openSpeedMinutes == p.openSpeedMinutes
                && openMinutes == p.openMinutes
                && Objects.equals(lastSpeedKph, p.lastSpeedKph)
                && Objects.equals(lastObservedAt, p.lastObservedAt)
                && Objects.equals(lastForecastAt, p.lastForecastAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(meanKph),
                Arrays.hashCode(days),
                openBucketStart,
                openSpeedMinutes,
                openMinutes,
                lastSpeedKph,
                lastObservedAt,
                lastForecastAt);
    }

    @Override
    public String toString() {
        return "SpeedProfile[" + learnedBuckets() + " buckets learned, open " + openBucketStart + " (" + openMinutes
                + " min), last " + lastSpeedKph + " at " + lastObservedAt + ", last forecast " + lastForecastAt + "]";
    }
}
