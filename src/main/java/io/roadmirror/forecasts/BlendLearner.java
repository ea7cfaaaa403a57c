package io.roadmirror.forecasts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much of the profile a segment's forecast should take, learned from the segment's own past
 * (plain Java, immutable; docs/forecasts.md). At each horizon h the forecast is persistence plus a
 * learned share of three corrections:
 *
 * <pre>speed(t) + w1 * (profile(t + h) - profile(t))     the usual change ahead
 *          + w2 * (profile(t) - speed(t))         today's deviation, fading
 *          + w3 * (recent mean - speed(t))        the current reading's noise</pre>
 *
 * The weights are a ridge regression, per horizon, of what the mirror's speed did h minutes after
 * each forecast on the corrections known when it was made: the corrections over the
 * longest horizon are kept ({@link Sample}), and each new speed h minutes after one of them
 * adds it to the horizon's sums ({@link Fit}), with older samples weighing less and less. The ridge
 * pulls towards zero weights, so a segment with little history is forecast by persistence and a
 * correction is taken only as far as it has paid off on this segment. Its size is fixed: one sample
 * a minute over the longest horizon, and a few sums per horizon.
 *
 * @param recent the samples over the longest horizon up to now, oldest first, at most one a minute
 * @param fits   per horizon (in the order of the rules' horizons), the sums of its regression
 */
public record BlendLearner(List<Sample> recent, List<Fit> fits) {
    /** The corrections, in the order of the weights. */
    static final int TREND = 0;

    static final int REVERSION = 1;
    static final int SMOOTHING = 2;
    static final int FEATURES = 3;
    /** Weights are kept within these bounds: a few odd days must not make a forecast run away from the speeds. */
    static final double MIN_WEIGHT = -0.5;

    static final double MAX_WEIGHT = 1.5;

    private static final long MINUTE_MS = 60_000L;

    /**
     * A forecast's inputs, kept until its horizons have passed.
     *
     * @param minute         event time / 1 minute of the state forecast from
     * @param speedKph       its speed
     * @param reversion      profile(t) - speed(t), 0 without a profile
     * @param smoothing      recent mean - speed(t)
     * @param trendKph       per horizon, profile(t + h) - profile(t), 0 without a profile
     */
    public record Sample(long minute, double speedKph, double reversion, double smoothing, List<Double> trendKph) {
        public Sample {
            trendKph = List.copyOf(trendKph);
        }

        double[] features(int horizon) {
            double[] x = new double[FEATURES];
            x[TREND] = trendKph.get(horizon);
            x[REVERSION] = reversion;
            x[SMOOTHING] = smoothing;
            return x;
        }
    }

    /**
     * A horizon's regression: exponentially weighted sums over its samples.
     *
     * @param samples weighted count of samples
     * @param xx      sums of x_i * x_j, the upper triangle row by row (00, 01, 02, 11, 12, 22)
     * @param xy      sums of x_i * (speed h later - speed then)
     */
    public record Fit(double samples, List<Double> xx, List<Double> xy) {
        public Fit {
            xx = List.copyOf(xx);
            xy = List.copyOf(xy);
        }

        static Fit empty() {
            return new Fit(0, List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0), List.of(0.0, 0.0, 0.0));
        }

        /** The sums with one more sample, the older ones weighed down by {@code keep}. */
        Fit with(double[] x, double y, double keep) {
            Double[] a = xx.toArray(Double[]::new);
            Double[] b = xy.toArray(Double[]::new);
            int k = 0;
            for (int i = 0; i < FEATURES; i++) {
                for (int j = i; j < FEATURES; j++, k++) {
                    a[k] = a[k] * keep + x[i] * x[j];
                }
                b[i] = b[i] * keep + x[i] * y;
            }
            return new Fit(samples * keep + 1, Arrays.asList(a), Arrays.asList(b));
        }

        /** The ridge solution (xx + ridge * I) w = xy, each weight bounded. */
        double[] weights(double ridge) {
            double[][] m = new double[FEATURES][FEATURES];
            int k = 0;
            for (int i = 0; i < FEATURES; i++) {
                for (int j = i; j < FEATURES; j++, k++) {
                    m[i][j] = xx.get(k);
                    m[j][i] = xx.get(k);
                }
                m[i][i] += ridge;
            }
            double[] w = solve(m, xy.stream().mapToDouble(Double::doubleValue).toArray());
            for (int i = 0; i < w.length; i++) {
                w[i] = Double.isFinite(w[i]) ? Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, w[i])) : 0;
            }
            return w;
        }
    }

    public static BlendLearner empty(ForecastThresholds rules) {
        return new BlendLearner(
                List.of(), rules.horizons().stream().map(h -> Fit.empty()).toList());
    }

    public BlendLearner {
        recent = List.copyOf(recent);
        fits = List.copyOf(fits);
    }

    /**
     * The learner after the mirror's speed {@code speedKph} at {@code time}: each sample made exactly h
     * minutes earlier joins horizon h's fit, and samples older than the longest horizon are dropped.
     */
    public BlendLearner learn(long time, double speedKph, ForecastThresholds rules) {
        long minute = Math.floorDiv(time, MINUTE_MS);
        double keep = 1 - 1.0 / rules.learningSamples();
        List<Fit> updated = new ArrayList<>(fits);
        for (int h = 0; h < rules.horizons().size(); h++) {
            long then = minute - rules.horizons().get(h).toMinutes();
            for (Sample s : recent) {
                if (s.minute() == then) {
                    updated.set(h, updated.get(h).with(s.features(h), speedKph - s.speedKph(), keep));
                }
            }
        }
        return new BlendLearner(recent, updated);
    }

    /** The learner keeping the inputs of a forecast made at {@code time}, for the horizons to judge later. */
    public BlendLearner remember(long time, Sample sample, ForecastThresholds rules) {
        long minute = Math.floorDiv(time, MINUTE_MS);
        long oldest = minute - rules.horizons().get(rules.horizons().size() - 1).toMinutes();
        List<Sample> kept = new ArrayList<>();
        for (Sample s : recent) {
            if (s.minute() >= oldest && s.minute() < minute) {
                kept.add(s);
            }
        }
        kept.add(sample);
        return new BlendLearner(kept, fits);
    }

    /**
     * The mean speed over the last {@code window} minutes up to {@code time}, each minute counting the
     * speed last known in it ({@code speedKph} now).
     */
    public double recentMean(long time, double speedKph, ForecastThresholds rules) {
        long minute = Math.floorDiv(time, MINUTE_MS);
        long window = rules.smoothing().toMinutes();
        double sum = speedKph;
        int n = 1;
        Double held = null;
        int next = 0;
        for (long m = minute - window + 1; m < minute; m++) {
            while (next < recent.size() && recent.get(next).minute() <= m) {
                held = recent.get(next).speedKph();
                next++;
            }
            if (held != null) {
                sum += held;
                n++;
            }
        }
        return sum / n;
    }

    /** The weights of horizon {@code h} (index into the rules' horizons). */
    public double[] weights(int h, ForecastThresholds rules) {
        return fits.get(h).weights(rules.ridge());
    }

    /** Gaussian elimination with partial pivoting of a small system; NaN where it is singular. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
