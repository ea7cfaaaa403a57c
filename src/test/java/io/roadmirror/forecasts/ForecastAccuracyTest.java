package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.ForecastPoint;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The forecast part of the fidelity report: three predictors judged on the same samples. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ForecastAccuracyTest {
    private static final long DAY = 86_400_000L;
    private static final long MINUTE = 60_000L;
    private static final long T = Instant.parse("2026-03-11T08:00:00Z").toEpochMilli();

    private static SegmentState state(long asOf, Double speed) {
        return new SegmentState(
                "s1",
                Instant.ofEpochMilli(asOf),
                speed == null ? CongestionLevel.UNKNOWN : CongestionLevel.FREE_FLOW,
                speed,
                null,
                null,
                60.0,
                60.0,
                1,
                0,
                List.of(),
                null);
    }

    @Test
    void eachPredictorIsJudgedAgainstTheTruthNearestToItsTargetOnTheSameSamples() {
        // The truth: 40 km/h at 08:00 today, 20 km/h from 08:10 (sampled at each minute's end).
        List<long[]> truth = new ArrayList<>();
        for (long m = T - 5 * MINUTE; m < T + 40 * MINUTE; m += MINUTE) {
            truth.add(new long[] {m - MINUTE, m < T + 10 * MINUTE ? 400 : 200});
        }
        // The mirror: 30 km/h at 08:15 yesterday, 50 at 08:15 the day before, 40 now.
        List<SegmentState> mirror = List.of(
                state(T - 2 * DAY + 15 * MINUTE, 50.0),
                state(T - 2 * DAY + 16 * MINUTE, null),
                state(T - DAY + 15 * MINUTE, 30.0),
                state(T - DAY + 16 * MINUTE, null),
                state(T, 40.0));
        ForecastAccuracy accuracy = new ForecastAccuracy(Map.of("s1", truth), mirror);
        accuracy.accept(new SegmentForecast(
                "s1",
                Instant.ofEpochMilli(T),
                Forecast.PROFILE_AND_LEARNED,
                List.of(
                        new ForecastPoint(15, 25.0, 100.0, CongestionLevel.SLOW),
                        new ForecastPoint(60, 25.0, 100.0, CongestionLevel.SLOW)))); // no truth an hour on: not judged
        accuracy.accept(new SegmentForecast(
                "unknown",
                Instant.ofEpochMilli(T),
                Forecast.PERSISTENCE,
                List.of(new ForecastPoint(15, 25.0, 100.0, CongestionLevel.SLOW))));
        ForecastAccuracy.Result result = accuracy.result();
        assertEquals(2, result.forecastsRead());
        assertEquals(1, result.rows().size());
        ForecastAccuracy.Row row = result.rows().get(0);
        assertEquals(15, row.minutesAhead());
        assertEquals(1, row.samples());
        assertEquals(5.0, row.forecastMaeKph(), 1e-9);
        assertEquals(20.0, row.persistenceMaeKph(), 1e-9, "40 carried forward against 20");
        assertEquals(20.0, row.historicalMeanMaeKph(), 1e-9, "(50 + 30) / 2 against 20");
        assertEquals(Map.of(Forecast.PROFILE_AND_LEARNED, 1L), result.judgedByMethod());
    }

    @Test
    void withoutAnEarlierDayThereIsNoHistoricalMeanAndNothingIsJudged() {
        List<long[]> truth = List.of(new long[] {T + 14 * MINUTE, 200});
        ForecastAccuracy accuracy = new ForecastAccuracy(Map.of("s1", truth), List.of(state(T, 40.0)));
        accuracy.accept(new SegmentForecast(
                "s1",
                Instant.ofEpochMilli(T),
                Forecast.PERSISTENCE,
                List.of(new ForecastPoint(15, 40.0, 90.0, CongestionLevel.FREE_FLOW))));
        assertEquals(List.of(), accuracy.result().rows());
    }
}
