package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.GeoPoint;
import io.roadmirror.network.Segment;
import io.roadmirror.state.ForecastProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The forecast rule without Kafka: the profile learned over days, the blend learned from the segment's own past, persistence before. */
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

    /** A segment's history after one state a minute, from D0 for {@code days} days, through the rule. */
    private static SegmentHistory run(int days, LongToDoubleFunction speed) {
        return runUntil(D0 + days * DAY, speed);
    }

    private static SegmentHistory runUntil(long end, LongToDoubleFunction speed) {
        SegmentHistory h = null;
        for (long t = D0; t < end; t += MINUTE) {
            h = Forecaster.step(h, SEGMENT, t, speed.applyAsDouble(t), false, RULES, MirrorThresholds.DEFAULTS)
                    .orElseThrow()
                    .history();
        }
        return h;
    }

    private static Forecast forecastAt(SegmentHistory h, long now, double speed) {
        return Forecaster.step(h, SEGMENT, now, speed, false, RULES, MirrorThresholds.DEFAULTS)
                .orElseThrow()
                .forecast();
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
        Forecast f = forecastAt(null, D0 + 7 * 3_600_000L, 20.0);
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
    void aProfileNotYetShownToPayOffLeavesTheForecastAtPersistence() {
        SpeedProfile p = learn(2, ForecastRuleTest::usual); // a profile, but no forecast judged against it yet
        long now = D0 + 2 * DAY + 7 * 3_600_000L;
        Forecast f = Forecaster.forecast(
                SEGMENT,
                now,
                30.0,
                p.observe(now, 30.0, RULES),
                BlendLearner.empty(RULES),
                RULES,
                MirrorThresholds.DEFAULTS);
        assertEquals(Forecast.PROFILE_AND_LEARNED, f.method());
        f.points().forEach(point -> assertEquals(30.0, point.speedKph(), "at +" + point.minutesAhead()));
    }

    @Test
    void overDaysAlikeItLearnsToFollowTheUsualRushHourWherePersistenceDoesNot() {
        SegmentHistory h = run(3, ForecastRuleTest::usual);
        long now = D0 + 3 * DAY + 7 * 3_600_000L; // 07:00 on day 4: the rush hour is coming
        Forecast f = forecastAt(h, now, usual(now));
        assertEquals(Forecast.PROFILE_AND_LEARNED, f.method());
        for (Forecast.Point point : f.points()) {
            double truth = usual(now + point.minutesAhead() * MINUTE);
            if (point.minutesAhead() >= 15) {
                assertTrue(
                        Math.abs(truth - point.speedKph())
                                < Math.abs(truth - usual(now)) / (point.minutesAhead() == 30 ? 2 : 1),
                        "beats persistence at +" + point.minutesAhead() + ": " + f.points());
            }
        }
        assertTrue(f.points().get(3).speedKph() < usual(now) - 5, "slower in 30 minutes: " + f.points());
    }

    @Test
    void whereTheReadingsScatterAroundTheUsualItLeansOnTheRecentMeanAndTheProfile() {
        // 45 km/h all day, but each reading off by up to 6 km/h either way.
        Random noise = new Random(7);
        double[] offsets = new double[4 * 1440];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = 12 * noise.nextDouble() - 6;
        }
        LongToDoubleFunction noisy = t -> 45 + offsets[(int) ((t - D0) / MINUTE)];
        SegmentHistory h = run(3, noisy);
        double forecastError = 0;
        double persistenceError = 0;
        for (long t = D0 + 3 * DAY; t < D0 + 3 * DAY + 6 * 3_600_000L; t += MINUTE) {
            Forecaster.Step step = Forecaster.step(
                            h, SEGMENT, t, noisy.applyAsDouble(t), false, RULES, MirrorThresholds.DEFAULTS)
                    .orElseThrow();
            h = step.history();
            forecastError += Math.abs(step.forecast().points().get(2).speedKph() - 45);
            persistenceError += Math.abs(noisy.applyAsDouble(t) - 45);
        }
        assertTrue(
                forecastError < persistenceError / 2,
                "the forecast's error " + forecastError + " against persistence's " + persistenceError);
    }

    @Test
    void whereTodaysDeviationLastsItIsKept() {
        // Slowed to 20 km/h for 3 hours each afternoon from a random start (as a long roadwork would): a
        // deviation, once there, lasts, while the profile smears it over every afternoon.
        Random days = new Random(3);
        long[] slowFrom = new long[5];
        for (int d = 0; d < slowFrom.length; d++) {
            slowFrom[d] = D0 + d * DAY + (12 + days.nextInt(4)) * 3_600_000L;
        }
        LongToDoubleFunction lasting = t -> {
            long from = slowFrom[(int) ((t - D0) / DAY)];
            return t >= from && t < from + 3 * 3_600_000L ? 20 : 45;
        };
        long now = slowFrom[4] + 30 * MINUTE; // half an hour into today's slowdown
        SegmentHistory h = runUntil(now, lasting);
        Forecast f = forecastAt(h, now, 20.0);
        double usualThen = h.profile().at(now + 30 * MINUTE, RULES);
        assertTrue(
                f.points().get(3).speedKph() - 20 < (usualThen - 20) / 2,
                "in 30 minutes more than half of today's deviation from the usual " + usualThen + " is kept: "
                        + f.points());
    }

    @Test
    void theMinutesASegmentHasAnOpenIncidentAreLeftOutOfItsProfileButStillForecastFrom() {
        long eight = D0 + 8 * 3_600_000L;
        SegmentHistory h = null;
        Forecast during = null;
        for (long t = D0; t < D0 + DAY; t += MINUTE) {
            boolean crash = t >= eight && t < eight + 60 * MINUTE; // 08:00-09:00 a crash holds it at 10 km/h
            Forecaster.Step step = Forecaster.step(
                            h, SEGMENT, t, crash ? 10.0 : 45.0, crash, RULES, MirrorThresholds.DEFAULTS)
                    .orElseThrow();
            h = step.history();
            during = t == eight + 10 * MINUTE ? step.forecast() : during;
        }
        assertEquals(10.0, during.points().get(0).speedKph(), "forecast from the speed it has");
        assertNull(h.profile().at(eight + 30 * MINUTE, RULES), "not the usual 08:30");
        assertEquals(45.0, h.profile().at(eight + 90 * MINUTE, RULES), 1e-9);
        ForecastThresholds learningFromAll = RULES.profileSkippingIncidents(false);
        SegmentHistory all = null;
        for (long t = eight; t < eight + 75 * MINUTE; t += MINUTE) {
            boolean crash = t < eight + 60 * MINUTE;
            all = Forecaster.step(
                            all, SEGMENT, t, crash ? 10.0 : 45.0, crash, learningFromAll, MirrorThresholds.DEFAULTS)
                    .orElseThrow()
                    .history();
        }
        assertEquals(10.0, all.profile().at(eight + 22 * MINUTE + 30_000, learningFromAll), 1e-9);
    }

    @Test
    void withoutALiveSpeedTheProfileAloneAndWithNeitherNothing() {
        SpeedProfile p = learn(1, ForecastRuleTest::usual);
        long now = D0 + DAY + 10 * 3_600_000L;
        Forecast profileOnly =
                Forecaster.forecast(SEGMENT, now, null, p, BlendLearner.empty(RULES), RULES, MirrorThresholds.DEFAULTS);
        assertEquals(Forecast.PROFILE, profileOnly.method());
        assertEquals(usual(now + 30 * MINUTE), profileOnly.points().get(3).speedKph(), 1.0);
        Forecast none = Forecaster.forecast(
                SEGMENT,
                now,
                null,
                SpeedProfile.empty(RULES),
                BlendLearner.empty(RULES),
                RULES,
                MirrorThresholds.DEFAULTS);
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
    void theHistoryKeepsItsSizeHoweverLongItLearnsAndRoundTripsThroughItsStoredForm() {
        SegmentHistory h = run(5, ForecastRuleTest::usual);
        assertEquals(96, h.profile().meanKph().length);
        assertEquals(96, h.profile().learnedBuckets());
        assertEquals(31, h.learner().recent().size(), "a sample a minute over the longest horizon");
        assertEquals(4, h.learner().fits().size());
        assertEquals(h, ProfileCodec.fromStored(ProfileCodec.toStored(h, RULES), RULES));
        ForecastThresholds hourly = new ForecastThresholds(
                Duration.ofHours(1),
                0.3,
                RULES.horizons(),
                RULES.minInterval(),
                RULES.smoothing(),
                RULES.learningSamples(),
                RULES.ridge(),
                RULES.profileSkipsIncidents());
        assertEquals(
                0,
                ProfileCodec.fromStored(ProfileCodec.toStored(h, RULES), hourly)
                        .profile()
                        .learnedBuckets(),
                "a profile of other buckets is started over, not misread");
        ForecastThresholds longer = new ForecastThresholds(
                RULES.bucket(),
                RULES.dayWeight(),
                List.of(Duration.ofMinutes(5), Duration.ofMinutes(60)),
                RULES.minInterval(),
                RULES.smoothing(),
                RULES.learningSamples(),
                RULES.ridge(),
                RULES.profileSkipsIncidents());
        assertEquals(
                BlendLearner.empty(longer),
                ProfileCodec.fromStored(ProfileCodec.toStored(h, RULES), longer).learner(),
                "a learner of other horizons is started over");
    }

    @Test
    void stateWrittenBeforeTheLearnedBlendKeepsItsProfileAndStartsLearning() {
        SegmentHistory h = run(2, ForecastRuleTest::usual);
        ForecastProfile stored = ProfileCodec.toStored(h, RULES);
        stored.setRecent(List.of()); // what state of v1 reads as
        stored.setFits(List.of());
        SegmentHistory read = ProfileCodec.fromStored(stored, RULES);
        assertEquals(h.profile(), read.profile());
        assertEquals(BlendLearner.empty(RULES), read.learner());
        long now = D0 + 2 * DAY + 7 * 3_600_000L;
        assertEquals(
                30.0,
                forecastAt(read, now, 30.0).points().get(3).speedKph(),
                "persistence until the blend has learned");
    }
}
