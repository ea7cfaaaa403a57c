package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.GeoPoint;
import io.roadmirror.network.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The forecast rule without Kafka: the profile learned over days, the deviation fading with the horizon, persistence before. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ForecastRuleTest {
    private static final ForecastThresholds RULES = ForecastThresholds.DEFAULTS;
    private static final long DAY = 86_400_000L;
    private static final long MINUTE = 60_000L;
    /** Midnight UTC. */
    private static final long D0 = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli();
    /** 1 km at 50 km/h: 72 s at free flow. */
    private static final Segment SEGMENT = new Segment(
            "A-B", "Main Street", "A", "B", 1000, 2, 50, List.of(new GeoPoint(52.0, 5.0), new GeoPoint(52.0, 5.0147)));

    /** A weekday as the simulator makes one: 45 km/h, down to 15 km/h around 08:00. */
    private static double usual(long time) {
        double hour = Math.floorMod(time, DAY) / 3_600_000.0;
        return 45 - 30 * Math.exp(-0.5 * Math.pow((hour - 8) / 0.75, 2));
    }

    /** Observes one speed a minute over {@code days} days of a speed curve. */
    private static SpeedProfile learn(int days, LongToDoubleFunction speed) {
        SpeedProfile p = SpeedProfile.empty(RULES);
        for (long t = D0; t < D0 + days * DAY; t += MINUTE) {
            p = p.observe(t, speed.applyAsDouble(t), RULES);
        }
        return p;
    }

    @Test
    void withoutAProfileTheCurrentSpeedIsCarriedForwardToEveryHorizon() {
        SpeedProfile today = SpeedProfile.empty(RULES).observe(D0 + 7 * 3_600_000L, 20.0, RULES);
        Forecast f = Forecaster.forecast(SEGMENT, D0 + 7 * 3_600_000L, 20.0, today, RULES, MirrorThresholds.DEFAULTS);
        assertEquals(Forecast.PERSISTENCE, f.method());
        assertEquals(
                List.of(5, 10, 15, 30),
                f.points().stream().map(Forecast.Point::minutesAhead).toList());
        for (Forecast.Point p : f.points()) {
            assertEquals(20.0, p.speedKph());
            assertEquals(180.0, p.travelTimeSeconds()); // 1 km at 20 km/h
            assertEquals(CongestionLevel.CONGESTED, p.congestion()); // 0.4 of the limit
        }
    }

    @Test
    void theCurrentBucketJoinsTheProfileOnlyWhenTheNextBegins() {
        long t = D0 + 8 * 3_600_000L;
        SpeedProfile p = SpeedProfile.empty(RULES).observe(t, 30.0, RULES).observe(t + 5 * MINUTE, 40.0, RULES);
        assertNull(p.at(t, RULES), "today's own bucket is not yet the profile");
        p = p.observe(t + 15 * MINUTE, 10.0, RULES);
        // the bucket's centre: its mean, each speed for as long as it held (30 for 5 minutes, 40 for 10)
        assertEquals((30 * 5 + 40 * 10) / 15.0, p.at(t + 7 * MINUTE + 30_000, RULES), 1e-9);
        assertEquals(1, p.days()[SpeedProfile.index(t, RULES)]);
    }

    @Test
    void aSpeedPublishedOnceTeachesEveryMinuteItHeldAndABucketSeenOnlyBrieflyTeachesNothing() {
        long seven = D0 + 7 * 3_600_000L;
        // The mirror publishes a state only when it changes: 40 km/h at 07:00, unknown from 08:00, 20 km/h at 08:56.
        SpeedProfile p = SpeedProfile.empty(RULES)
                .observe(seven, 40.0, RULES)
                .observe(seven + 60 * MINUTE, null, RULES)
                .observe(seven + 116 * MINUTE, 20.0, RULES)
                .observe(seven + 125 * MINUTE, null, RULES);
        for (int minute = 0; minute < 60; minute += 15) {
            assertEquals(40.0, p.at(seven + minute * MINUTE + 450_000, RULES), 1e-9, "07:" + minute);
        }
        assertNull(p.at(seven + 110 * MINUTE, RULES), "08:45-09:00 saw 4 minutes: too little");
        assertEquals(4, p.learnedBuckets());
    }

    @Test
    void theFirstDaysAreAPlainMeanAndLaterDaysAnExponentiallyWeightedOne() {
        long t = D0 + 12 * 3_600_000L + 7 * MINUTE + 30_000; // a bucket's centre
        SpeedProfile p = SpeedProfile.empty(RULES);
        double[] daily = {40, 20, 30, 60};
        for (int d = 0; d < daily.length; d++) {
            p = p.observe(t + d * DAY, daily[d], RULES).observe(t + d * DAY + 15 * MINUTE, null, RULES);
        }
        // days 1-3 (weights 1, 1/2, 1/3): mean 30; day 4 with the day weight 0.3 (> 1/4): 30 + 0.3 * 30
        assertEquals(39.0, p.at(t, RULES), 1e-9);
        assertEquals(4, p.days()[SpeedProfile.index(t, RULES)]);
    }

    @Test
    void onAUsualDayTheForecastFollowsTheProfileIntoTheRushHourWherePersistenceDoesNot() {
        SpeedProfile p = learn(2, ForecastRuleTest::usual);
        long now = D0 + 2 * DAY + 7 * 3_600_000L; // 07:00 on day 3: the rush hour is coming
        p = p.observe(now, usual(now), RULES);
        Forecast f = Forecaster.forecast(SEGMENT, now, usual(now), p, RULES, MirrorThresholds.DEFAULTS);
        assertEquals(Forecast.PROFILE_AND_DECAY, f.method());
        for (Forecast.Point point : f.points()) {
            double truth = usual(now + point.minutesAhead() * MINUTE);
            assertEquals(truth, point.speedKph(), 1.0, "at +" + point.minutesAhead() + " min");
            assertTrue(
                    Math.abs(truth - point.speedKph()) < Math.abs(truth - usual(now)) || point.minutesAhead() < 15,
                    "beats persistence at +" + point.minutesAhead());
        }
        assertTrue(f.points().get(3).speedKph() < usual(now) - 5, "slower in 30 minutes: " + f.points());
    }

    @Test
    void todaysDeviationFromTheProfileFadesWithTheHorizon() {
        SpeedProfile p = learn(3, ForecastRuleTest::usual);
        long now = D0 + 3 * DAY + 14 * 3_600_000L; // 14:00: 45 km/h as usual, but a crash holds it at 15
        p = p.observe(now, 15.0, RULES);
        Forecast f = Forecaster.forecast(SEGMENT, now, 15.0, p, RULES, MirrorThresholds.DEFAULTS);
        double usualSpeed = usual(now);
        double previousGap = Double.MAX_VALUE;
        for (Forecast.Point point : f.points()) {
            double fade = Math.exp(-point.minutesAhead() / 20.0);
            assertEquals(usualSpeed + (15 - usualSpeed) * fade, point.speedKph(), 0.2, "at +" + point.minutesAhead());
            double gap = usualSpeed - point.speedKph();
            assertTrue(gap > 0 && gap < previousGap, "the deviation shrinks with the horizon: " + f.points());
            previousGap = gap;
        }
        assertEquals(CongestionLevel.CONGESTED, f.points().get(0).congestion());
        assertEquals(CongestionLevel.FREE_FLOW, f.points().get(3).congestion()); // ~38 km/h of 50
    }

    @Test
    void withoutALiveSpeedTheProfileAloneAndWithNeitherNothing() {
        SpeedProfile p = learn(1, ForecastRuleTest::usual);
        long now = D0 + DAY + 10 * 3_600_000L;
        Forecast profileOnly = Forecaster.forecast(SEGMENT, now, null, p, RULES, MirrorThresholds.DEFAULTS);
        assertEquals(Forecast.PROFILE, profileOnly.method());
        assertEquals(usual(now + 30 * MINUTE), profileOnly.points().get(3).speedKph(), 1.0);
        Forecast none =
                Forecaster.forecast(SEGMENT, now, null, SpeedProfile.empty(RULES), RULES, MirrorThresholds.DEFAULTS);
        assertEquals(Forecast.NONE, none.method());
        assertNull(none.points().get(0).speedKph());
        assertEquals(72.0, none.points().get(0).travelTimeSeconds()); // free flow
        assertEquals(CongestionLevel.UNKNOWN, none.points().get(0).congestion());
    }

    @Test
    void aStoppedSegmentHasATravelTimeAsTheMirrorComputesIt() {
        Forecast.Point stopped = Forecaster.point(5, 0.0, SEGMENT, MirrorThresholds.DEFAULTS);
        assertEquals(1800.0, stopped.travelTimeSeconds()); // 1 km at the mirror's 2 km/h floor
        assertEquals(CongestionLevel.STOPPED, stopped.congestion());
    }

    @Test
    void aSegmentIsDueAtMostOnceAMinuteOfEventTime() {
        assertTrue(RULES.due(null, 0));
        assertFalse(RULES.due(0L, 59_999));
        assertTrue(RULES.due(0L, 60_000));
    }

    @Test
    void theProfileKeepsItsSizeHoweverLongItLearnsAndRoundTripsThroughItsStoredForm() {
        SpeedProfile p = learn(5, ForecastRuleTest::usual);
        assertEquals(96, p.meanKph().length);
        assertEquals(96, p.learnedBuckets());
        assertEquals(p, ProfileCodec.fromStored(ProfileCodec.toStored(p, RULES), RULES));
        ForecastThresholds hourly = new ForecastThresholds(
                Duration.ofHours(1), 0.3, Duration.ofMinutes(20), RULES.horizons(), RULES.minInterval());
        assertEquals(
                0,
                ProfileCodec.fromStored(ProfileCodec.toStored(p, RULES), hourly).learnedBuckets(),
                "a profile of other buckets is started over, not misread");
    }
}
