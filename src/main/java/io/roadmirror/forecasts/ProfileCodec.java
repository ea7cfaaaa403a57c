package io.roadmirror.forecasts;

import io.roadmirror.state.BlendFit;
import io.roadmirror.state.ForecastProfile;
import io.roadmirror.state.ForecastSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A segment's {@link SegmentHistory} to and from its stored form ({@link ForecastProfile}, versioned Avro). */
final class ProfileCodec {
    private ProfileCodec() {}

    static ForecastProfile toStored(SegmentHistory history, ForecastThresholds rules) {
        SpeedProfile p = history.profile();
        List<Double> means = new ArrayList<>(p.meanKph().length);
        List<Integer> days = new ArrayList<>(p.days().length);
        for (int i = 0; i < p.meanKph().length; i++) {
            means.add(p.meanKph()[i]);
            days.add(p.days()[i]);
        }
        List<BlendFit> fits = new ArrayList<>();
        for (int h = 0; h < history.learner().fits().size(); h++) {
            BlendLearner.Fit f = history.learner().fits().get(h);
            fits.add(new BlendFit((int) rules.horizons().get(h).toMinutes(), f.samples(), f.xx(), f.xy()));
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
                p.lastForecastAt(),
                history.learner().recent().stream()
                        .map(s -> new ForecastSample(
                                s.minute(), s.speedKph(), s.reversion(), s.smoothing(), s.trendKph()))
                        .toList(),
                fits);
    }

    /**
     * The stored history; an empty one when there is none. A profile learned on buckets of another width
     * is started over, and so is a learner of other horizons (or none: state of v1).
     */
    static SegmentHistory fromStored(ForecastProfile stored, ForecastThresholds rules) {
        if (stored == null) {
            return SegmentHistory.empty(rules);
        }
        return new SegmentHistory(profile(stored, rules), learner(stored, rules));
    }

    private static SpeedProfile profile(ForecastProfile stored, ForecastThresholds rules) {
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

    private static BlendLearner learner(ForecastProfile stored, ForecastThresholds rules) {
        List<BlendFit> fits = stored.getFits();
        boolean sameHorizons = fits.size() == rules.horizons().size();
        for (int h = 0; sameHorizons && h < fits.size(); h++) {
            Duration horizon = rules.horizons().get(h);
            BlendFit f = fits.get(h);
            sameHorizons = f.getMinutesAhead() == horizon.toMinutes()
                    && f.getXx().size() == 6
                    && f.getXy().size() == BlendLearner.FEATURES;
        }
        if (!sameHorizons) {
            return BlendLearner.empty(rules);
        }
        List<BlendLearner.Sample> recent = stored.getRecent().stream()
                .filter(s -> s.getTrendKph().size() == rules.horizons().size())
                .map(s -> new BlendLearner.Sample(
                        s.getMinute(), s.getSpeedKph(), s.getReversion(), s.getSmoothing(), s.getTrendKph()))
                .toList();
        return new BlendLearner(
                recent,
                fits.stream()
                        .map(f -> new BlendLearner.Fit(f.getSamples(), f.getXx(), f.getXy()))
                        .toList());
    }
}
