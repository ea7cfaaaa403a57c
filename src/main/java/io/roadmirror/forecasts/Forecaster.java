package io.roadmirror.forecasts;

import io.roadmirror.mirror.Congestion;
import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The forecast rule (docs/forecasts.md). With a live speed and a profile for now and for every horizon,
 * the speed at horizon h is persistence plus the corrections the segment's {@link BlendLearner} has
 * learned to trust: the profile's usual change from now to t + h, today's deviation from the profile,
 * and the current reading's difference from the recent mean ("profile+learned"). Without a profile,
 * the current speed is carried forward ("persistence"); without a current speed, the profile alone
 * ("profile"); with neither, nothing is known ("none").
 */
public final class Forecaster {
    /** The slowest speed a travel time is computed from, as the mirror does: a standing queue still moves off. */
    static final double MIN_TRAVEL_SPEED_KPH = 2.0;

    private Forecaster() {}

    /** A mirror state taken in: the segment's history after it, and the forecast made from both. */
    public record Step(SegmentHistory history, Forecast forecast) {}

    /**
     * One mirror state of a segment through the rule, as the pipeline applies it (and as a replay of a
     * recorded run does, so that it judges exactly what the pipeline forecast): a state less than
     * {@link ForecastThresholds#minInterval()} after the one last forecast from is passed over (empty);
     * otherwise the profile and the learner learn from it and a forecast is made.
     *
     * @param history  the segment's history so far, or null before its first state
     * @param speedKph the state's speed, or null when the mirror knows none (UNKNOWN)
     * @param incident whether the segment has an open incident: the profile then does not learn from its speed
     *                 (with {@link ForecastThresholds#profileSkipsIncidents()})
     */
    public static Optional<Step> step(
            SegmentHistory history,
            Segment segment,
            long asOf,
            Double speedKph,
            boolean incident,
            ForecastThresholds rules,
            MirrorThresholds mirrorRules) {
        if (history != null && !rules.due(history.profile().lastForecastAt(), asOf)) {
            return Optional.empty();
        }
        SegmentHistory before = history == null ? SegmentHistory.empty(rules) : history;
        // Observed as unknown, the minutes until the next state do not count in the profile's bucket.
        Double usual = incident && rules.profileSkipsIncidents() ? null : speedKph;
        SpeedProfile profile = before.profile().observe(asOf, usual, rules).forecastAt(asOf);
        BlendLearner learner = before.learner();
        if (speedKph == null) {
            return Optional.of(new Step(
                    new SegmentHistory(profile, learner),
                    forecast(segment, asOf, null, profile, learner, rules, mirrorRules)));
        }
        learner = learner.learn(asOf, speedKph, rules);
        Forecast forecast = forecast(segment, asOf, speedKph, profile, learner, rules, mirrorRules);
        learner = learner.remember(asOf, sample(asOf, speedKph, profile, learner, rules), rules);
        return Optional.of(new Step(new SegmentHistory(profile, learner), forecast));
    }

    /** The corrections a forecast from {@code speedKph} at {@code asOf} has: zero where the profile is unknown. */
    static BlendLearner.Sample sample(
            long asOf, double speedKph, SpeedProfile profile, BlendLearner learner, ForecastThresholds rules) {
        Double now = profile.at(asOf, rules);
        List<Double> trend = new ArrayList<>();
        boolean profiled = now != null;
        for (Duration h : rules.horizons()) {
            Double p = profile.at(asOf + h.toMillis(), rules);
            profiled &= p != null;
            trend.add(now == null || p == null ? 0.0 : p - now);
        }
        if (!profiled) {
            trend.replaceAll(t -> 0.0);
        }
        return new BlendLearner.Sample(
                Math.floorDiv(asOf, 60_000L),
                speedKph,
                profiled ? now - speedKph : 0.0,
                learner.recentMean(asOf, speedKph, rules) - speedKph,
                trend);
    }

    /**
     * @param speedKph the mirror's current speed of the segment, or null when it does not know one
     * @param profile  the segment's profile (already updated with this observation)
     * @param learner  what the segment's corrections are worth (already updated with this observation)
     */
    public static Forecast forecast(
            Segment segment,
            long asOf,
            Double speedKph,
            SpeedProfile profile,
            BlendLearner learner,
            ForecastThresholds rules,
            MirrorThresholds mirrorRules) {
        Double now = profile.at(asOf, rules);
        List<Double> ahead = new ArrayList<>();
        boolean profiled = now != null;
        for (Duration h : rules.horizons()) {
            Double p = profile.at(asOf + h.toMillis(), rules);
            ahead.add(p);
            profiled &= p != null;
        }
        String method;
        List<Double> speeds = new ArrayList<>();
        if (speedKph != null && profiled) {
            method = Forecast.PROFILE_AND_LEARNED;
            BlendLearner.Sample x = sample(asOf, speedKph, profile, learner, rules);
            for (int i = 0; i < ahead.size(); i++) {
                double[] w = learner.weights(i, rules);
                double[] f = x.features(i);
                double speed = speedKph;
                for (int k = 0; k < f.length; k++) {
                    speed += w[k] * f[k];
                }
                speeds.add(Math.max(0, speed));
            }
        } else if (speedKph != null) {
            method = Forecast.PERSISTENCE;
            rules.horizons().forEach(h -> speeds.add(speedKph));
        } else if (ahead.stream().allMatch(p -> p != null)) {
            method = Forecast.PROFILE;
            speeds.addAll(ahead);
        } else {
            method = Forecast.NONE;
            rules.horizons().forEach(h -> speeds.add(null));
        }
        List<Forecast.Point> points = new ArrayList<>();
        for (int i = 0; i < speeds.size(); i++) {
            points.add(point((int) rules.horizons().get(i).toMinutes(), speeds.get(i), segment, mirrorRules));
        }
        return new Forecast(segment.id(), asOf, method, points);
    }

    static Forecast.Point point(int minutesAhead, Double speedKph, Segment segment, MirrorThresholds mirrorRules) {
        if (speedKph == null) {
            return new Forecast.Point(
                    minutesAhead, null, round(segment.freeFlowTravelTimeSeconds()), CongestionLevel.UNKNOWN);
        }
        double speed = round(speedKph);
        double travelTime = segment.lengthMeters() / (Math.max(speed, MIN_TRAVEL_SPEED_KPH) / 3.6);
        return new Forecast.Point(
                minutesAhead, speed, round(travelTime), Congestion.level(speed, segment.speedLimitKph(), mirrorRules));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
