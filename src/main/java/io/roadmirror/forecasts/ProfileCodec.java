package io.roadmirror.forecasts;

import io.roadmirror.state.ForecastProfile;
import java.util.ArrayList;
import java.util.List;

/** {@link SpeedProfile} to and from its stored form ({@link ForecastProfile}, versioned Avro). */
final class ProfileCodec {
    private ProfileCodec() {}

    static ForecastProfile toStored(SpeedProfile p, ForecastThresholds rules) {
        List<Double> means = new ArrayList<>(p.meanKph().length);
        List<Integer> days = new ArrayList<>(p.days().length);
        for (int i = 0; i < p.meanKph().length; i++) {
            means.add(p.meanKph()[i]);
            days.add(p.days()[i]);
        }
        return new ForecastProfile(
                rules.bucketMinutes(),
                means,
                days,
                p.openBucketStart(),
                p.openSpeedMinutes(),
                p.openMinutes(),
                p.lastSpeedKph(),
                p.lastObservedAt(),
                p.lastForecastAt());
    }

    /** The stored profile; an empty one when there is none, or when it was learned on buckets of another width. */
    static SpeedProfile fromStored(ForecastProfile stored, ForecastThresholds rules) {
        if (stored == null) {
            return SpeedProfile.empty(rules);
        }
        if (stored.getBucketMinutes() != rules.bucketMinutes()
                || stored.getMeanKph().size() != rules.buckets()
                || stored.getDays().size() != rules.buckets()) {
            SpeedProfile fresh = SpeedProfile.empty(rules);
            return new SpeedProfile(fresh.meanKph(), fresh.days(), null, 0, 0, null, null, stored.getLastForecastAt());
        }
        double[] means = new double[rules.buckets()];
        int[] days = new int[rules.buckets()];
        for (int i = 0; i < means.length; i++) {
            means[i] = stored.getMeanKph().get(i);
            days[i] = stored.getDays().get(i);
        }
        return new SpeedProfile(
                means,
                days,
                stored.getOpenBucketStart(),
                stored.getOpenSpeedMinutes(),
                stored.getOpenMinutes(),
                stored.getLastSpeedKph(),
                stored.getLastObservedAt(),
                stored.getLastForecastAt());
    }
}
