package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The learned blend in plain Java: its regression, its ridge, its memory of the last half hour. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlendLearnerTest {
    private static final ForecastThresholds RULES = ForecastThresholds.DEFAULTS;
    private static final long MINUTE = 60_000L;
    private static final long T0 = 29_000_000L * MINUTE; // a whole minute

    private static BlendLearner.Sample sample(long minute, double speed, double reversion, double smoothing) {
        return new BlendLearner.Sample(minute, speed, reversion, smoothing, List.of(-1.0, -2.0, -3.0, -6.0));
    }

    @Test
    void withEnoughHistoryTheWeightsAreWhatTheSpeedsDid() {
        Random r = new Random(11);
        BlendLearner.Fit fit = BlendLearner.Fit.empty();
        for (int i = 0; i < 3000; i++) {
            double[] x = {10 * r.nextGaussian(), 5 * r.nextGaussian(), 2 * r.nextGaussian()};
            double change = 0.8 * x[0] + 0.3 * x[1] + 0.5 * x[2] + 0.5 * r.nextGaussian();
            fit = fit.with(x, change, 1 - 1.0 / RULES.learningSamples());
        }
        assertArrayEquals(new double[] {0.8, 0.3, 0.5}, fit.weights(RULES.ridge()), 0.03);
    }

    @Test
    void withLittleHistoryTheRidgeKeepsTheForecastNearPersistence() {
        BlendLearner.Fit fit =
                BlendLearner.Fit.empty().with(new double[] {2, 1, 1}, 3, 1).with(new double[] {-1, 2, 0}, -1, 1);
        for (double w : fit.weights(RULES.ridge())) {
            assertEquals(0, w, 0.1);
        }
        assertArrayEquals(new double[] {0, 0, 0}, BlendLearner.Fit.empty().weights(RULES.ridge()), 0.0);
    }

    @Test
    void aWeightIsBoundedHoweverOddTheDaysItLearnedFrom() {
        BlendLearner.Fit fit = BlendLearner.Fit.empty();
        for (int i = 0; i < 500; i++) {
            fit = fit.with(new double[] {i % 7 - 3, 0, 0}, 10 * (i % 7 - 3), 1);
        }
        assertEquals(BlendLearner.MAX_WEIGHT, fit.weights(RULES.ridge())[BlendLearner.TREND], 1e-9);
    }

    @Test
    void aForecastsInputsJoinEachHorizonsFitWhenThatHorizonHasPassed() {
        BlendLearner l = BlendLearner.empty(RULES).remember(T0, sample(T0 / MINUTE, 40, 4, 1), RULES);
        BlendLearner later = l.learn(T0 + 5 * MINUTE + 20_000, 35, RULES); // 5 minutes later: the 5-minute horizon
        BlendLearner.Fit five = later.fits().get(0);
        assertEquals(1, five.samples(), 1e-9);
        // features (trend at 5 min, reversion, smoothing) = (-1, 4, 1); the speed changed by -5
        assertEquals(List.of(1.0, -4.0, -1.0, 16.0, 4.0, 1.0), five.xx());
        assertEquals(List.of(5.0, -20.0, -5.0), five.xy());
        for (int h = 1; h < 4; h++) {
            assertEquals(0, later.fits().get(h).samples(), "the other horizons have not passed");
        }
        assertEquals(1, l.learn(T0 + 30 * MINUTE, 30, RULES).fits().get(3).samples(), 1e-9);
    }

    @Test
    void itRemembersTheLastHalfHourOnly() {
        BlendLearner l = BlendLearner.empty(RULES);
        for (int m = 0; m < 100; m++) {
            l = l.remember(T0 + m * MINUTE, sample(T0 / MINUTE + m, 40, 0, 0), RULES);
        }
        assertEquals(31, l.recent().size());
        assertEquals(T0 / MINUTE + 69, l.recent().get(0).minute(), "the longest horizon back from the last");
    }

    @Test
    void theRecentMeanCountsEachMinuteTheSpeedLastKnownInIt() {
        long m = T0 / MINUTE;
        BlendLearner l = BlendLearner.empty(RULES)
                .remember(T0 - 7 * MINUTE, sample(m - 7, 30, 0, 0), RULES)
                .remember(T0 - 4 * MINUTE, sample(m - 4, 40, 0, 0), RULES)
                .remember(T0 - 2 * MINUTE, sample(m - 2, 44, 0, 0), RULES);
        // the last 5 minutes: 40 (m-4), 40 (m-3, held), 44 (m-2), 44 (m-1, held), 48 now
        assertEquals((40 + 40 + 44 + 44 + 48) / 5.0, l.recentMean(T0 + 30_000, 48, RULES), 1e-9);
        assertEquals(48, BlendLearner.empty(RULES).recentMean(T0, 48, RULES), 1e-9, "nothing before: now alone");
    }

    @Test
    void aSingularSystemGivesNoWeightRatherThanNaN() {
        double[] w = BlendLearner.Fit.empty().weights(0);
        assertTrue(w[0] == 0 && w[1] == 0 && w[2] == 0, Arrays.toString(w));
    }
}
