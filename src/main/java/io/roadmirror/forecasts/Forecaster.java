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
 * The forecast rule (docs/forecasts.md). With a profile for now and for every horizon, the speed at
 * horizon h is the profile's speed then plus today's deviation from the profile now, fading:
 * {@code profile(t + h) + (speed(t) - profile(t)) * exp(-h / decay)} ("profile+decay"). Without a
 * profile, the current speed is carried forward ("persistence"); without a current speed, the
 * profile alone ("profile"); with neither, nothing is known ("none").
 */
public final class Forecaster {
    /** The slowest speed a travel time is computed from, as the mirror does: a standing queue still moves off. */
    static final double MIN_TRAVEL_SPEED_KPH = 2.0;

    private Forecaster() {}

    /** A mirror state taken in: the segment's profile after it, and the forecast made from both. */
    public record Step(SpeedProfile profile, Forecast forecast) {}

    /**
     * One mirror state of a segment through the rule, as the pipeline applies it (and as a replay of a
     * recorded run does, so that it judges exactly what the pipeline forecast): a state less than
     * {@link ForecastThresholds#minInterval()} after the one last forecast from is passed over (empty);
     * otherwise the profile learns from it and a forecast is made.
     *
     * @param profile  the segment's profile so far, or null before its first state
     * @param speedKph the state's speed, or null when the mirror knows none (UNKNOWN)
     */
    public static Optional<Step> step(
            SpeedProfile profile,
            Segment segment,
            long asOf,
            Double speedKph,
            ForecastThresholds rules,
            MirrorThresholds mirrorRules) {
        if (profile != null && !rules.due(profile.lastForecastAt(), asOf)) {
            return Optional.empty();
        }
        SpeedProfile next = (profile == null ? SpeedProfile.empty(rules) : profile)
                .observe(asOf, speedKph, rules)
                .forecastAt(asOf);
        return Optional.of(new Step(next, forecast(segment, asOf, speedKph, next, rules, mirrorRules)));
    }

    /**
     * @param speedKph the mirror's current speed of the segment, or null when it does not know one
     * @param profile  the segment's profile (already updated with this observation)
     */
    public static Forecast forecast(
            Segment segment,
            long asOf,
            Double speedKph,
            SpeedProfile profile,
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
            method = Forecast.PROFILE_AND_DECAY;
            double deviation = speedKph - now;
            for (int i = 0; i < ahead.size(); i++) {
                double fade = Math.exp(-(double) rules.horizons().get(i).toMillis()
                        / rules.decay().toMillis());
                speeds.add(Math.max(0, ahead.get(i) + deviation * fade));
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
