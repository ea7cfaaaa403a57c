package io.roadmirror.forecasts;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.ForecastPoint;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges forecasts against a simulation's ground truth (docs/forecasts.md), beside two baselines
 * made from the same mirror: <b>persistence</b> (the mirror's speed when the forecast was made,
 * carried forward) and the <b>historical mean</b> (the mean of the mirror's speeds at the same time
 * of day on the days before). A forecast point counts where all three have a speed and the truth is
 * known, so the three are judged on the very same samples. The truth at a time is the simulator's
 * speed sampled nearest to it (it samples every segment at the end of each minute).
 *
 * <p>Feed it forecasts one by one ({@link #accept}): a run of several days has millions.
 */
public final class ForecastAccuracy {
    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    /** Mean absolute speed errors at one horizon, km/h, over {@code samples} forecast points. */
    public record Row(
            int minutesAhead,
            long samples,
            double forecastMaeKph,
            double persistenceMaeKph,
            double historicalMeanMaeKph) {}

    /**
     * @param forecastsRead every forecast record read
     * @param judgedByMethod per method, the forecast points judged
     */
    public record Result(long forecastsRead, Map<String, Long> judgedByMethod, List<Row> rows) {
        public String table() {
            StringBuilder t = new StringBuilder();
            t.append(
                    "| horizon | points judged | forecast MAE | persistence MAE | historical time-of-day mean MAE |\n|---|---|---|---|---|\n");
            for (Row r : rows) {
                t.append(String.format(
                        Locale.ROOT,
                        "| %d min | %,d | %.2f km/h | %.2f km/h | %.2f km/h |%n",
                        r.minutesAhead(),
                        r.samples(),
                        r.forecastMaeKph(),
                        r.persistenceMaeKph(),
                        r.historicalMeanMaeKph()));
            }
            t.append(String.format(
                    Locale.ROOT, "%n%,d forecasts read; points judged by method: %s%n", forecastsRead, judgedByMethod));
            return t.toString();
        }
    }

    /** One segment's speeds in time order; NaN where unknown. */
    private record Series(long[] times, double[] speeds) {
        /** The value of the latest entry at or before {@code time}; NaN if none or unknown. */
        double latestAtOrBefore(long time) {
            int i = Arrays.binarySearch(times, time);
            int at = i >= 0 ? lastOf(i) : -i - 2;
            return at < 0 ? Double.NaN : speeds[at];
        }

        /** The value of the entry exactly at {@code time}; NaN if none. */
        double exactly(long time) {
            int i = Arrays.binarySearch(times, time);
            return i < 0 ? Double.NaN : speeds[i];
        }

        private int lastOf(int i) {
            while (i + 1 < times.length && times[i + 1] == times[i]) {
                i++;
            }
            return i;
        }

        long first() {
            return times.length == 0 ? Long.MAX_VALUE : times[0];
        }
    }

    private final Map<String, Series> truth = new HashMap<>();
    private final Map<String, Series> mirror = new HashMap<>();
    private final TreeMap<Integer, double[]> sums =
            new TreeMap<>(); // horizon -> {n, forecast, persistence, historical}
    private final Map<String, Long> byMethod = new TreeMap<>();
    private long read;

    /**
     * @param truthBySegment per segment, {minute start (UTC ms), speed in km/h * 10} as in the ground-truth file;
     *                       the speed of minute m was sampled at its end, m + 1 minute
     * @param mirrorStates   what the mirror published
     */
    public ForecastAccuracy(Map<String, List<long[]>> truthBySegment, List<SegmentState> mirrorStates) {
        truthBySegment.forEach((segment, minutes) -> {
            List<long[]> sorted = new ArrayList<>(minutes);
            sorted.sort(Comparator.comparingLong(m -> m[0]));
            long[] times = new long[sorted.size()];
            double[] speeds = new double[sorted.size()];
            for (int i = 0; i < times.length; i++) {
                times[i] = sorted.get(i)[0] + MINUTE;
                speeds[i] = sorted.get(i)[1] / 10.0;
            }
            truth.put(segment, new Series(times, speeds));
        });
        Map<String, List<SegmentState>> bySegment = new HashMap<>();
        mirrorStates.forEach(s -> bySegment
                .computeIfAbsent(s.getSegmentId(), k -> new ArrayList<>())
                .add(s));
        bySegment.forEach((segment, states) -> {
            states.sort(Comparator.comparing(SegmentState::getAsOf));
            long[] times = new long[states.size()];
            double[] speeds = new double[states.size()];
            for (int i = 0; i < times.length; i++) {
                SegmentState s = states.get(i);
                times[i] = s.getAsOf().toEpochMilli();
                speeds[i] = s.getSpeedKph() == null || s.getCongestion() == CongestionLevel.UNKNOWN
                        ? Double.NaN
                        : s.getSpeedKph();
            }
            mirror.put(segment, new Series(times, speeds));
        });
    }

    public void accept(SegmentForecast forecast) {
        read++;
        Series real = truth.get(forecast.getSegmentId());
        Series seen = mirror.get(forecast.getSegmentId());
        if (real == null || seen == null) {
            return;
        }
        long asOf = forecast.getAsOf().toEpochMilli();
        double persistence = seen.latestAtOrBefore(asOf);
        if (Double.isNaN(persistence)) {
            return;
        }
        for (ForecastPoint point : forecast.getPoints()) {
            if (point.getSpeedKph() == null) {
                continue;
            }
            long target = asOf + point.getMinutesAhead() * MINUTE;
            double actual = real.exactly(Math.round((double) target / MINUTE) * MINUTE);
            double historical = historicalMean(seen, target);
            if (Double.isNaN(actual) || Double.isNaN(historical)) {
                continue;
            }
            double[] s = sums.computeIfAbsent(point.getMinutesAhead(), k -> new double[4]);
            s[0]++;
            s[1] += Math.abs(point.getSpeedKph() - actual);
            s[2] += Math.abs(persistence - actual);
            s[3] += Math.abs(historical - actual);
            byMethod.merge(forecast.getMethod(), 1L, Long::sum);
        }
    }

    /** Mean of the mirror's known speeds at the same time of day on every earlier day; NaN if none. */
    static double historicalMean(Series seen, long target) {
        double sum = 0;
        int n = 0;
        for (long t = target - DAY; t >= seen.first(); t -= DAY) {
            double v = seen.latestAtOrBefore(t);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public Result result() {
        List<Row> rows = new ArrayList<>();
        sums.forEach((h, s) -> rows.add(new Row(h, (long) s[0], s[1] / s[0], s[2] / s[0], s[3] / s[0])));
        return new Result(read, Map.copyOf(byMethod), rows);
    }
}
