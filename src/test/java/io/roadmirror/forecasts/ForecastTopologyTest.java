package io.roadmirror.forecasts;

import static io.roadmirror.testing.TestRecords.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.ForecastPoint;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The forecast topology in the whole pipeline, driven in event time (docs/forecasts.md). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForecastTopologyTest {
    /** 07:00 UTC on the first day. */
    private static final Instant DAY1 = Instant.parse("2026-03-10T07:00:00Z");

    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), DAY1);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private void read(Instant time, double speed) {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", time, speed), time);
    }

    /** The forecast made from the state at {@code asOf} (the states before it, e.g. the segment turning UNKNOWN overnight, are passed over). */
    private SegmentForecast forecastFrom(Instant asOf) {
        return ttd.forecasts.readValuesToList().stream()
                .filter(f -> f.getAsOf().equals(asOf))
                .findFirst()
                .orElseThrow();
    }

    private static List<Double> speeds(SegmentForecast f) {
        return f.getPoints().stream().map(ForecastPoint::getSpeedKph).toList();
    }

    @Test
    void beforeAProfileExistsTheCurrentSpeedIsCarriedForwardToFiveTenFifteenAndThirtyMinutes() {
        read(DAY1, 40.0);
        List<SegmentForecast> forecasts = ttd.forecasts.readValuesToList();
        assertEquals(1, forecasts.size());
        SegmentForecast f = forecasts.get(0);
        assertEquals("A-B", f.getSegmentId());
        assertEquals(DAY1, f.getAsOf());
        assertEquals(Forecast.PERSISTENCE, f.getMethod());
        assertEquals(
                List.of(5, 10, 15, 30),
                f.getPoints().stream().map(ForecastPoint::getMinutesAhead).toList());
        for (ForecastPoint p : f.getPoints()) {
            assertEquals(40.0, p.getSpeedKph());
            assertEquals(90.0, p.getTravelTimeSeconds()); // 1 km at 40 km/h
            assertEquals(CongestionLevel.FREE_FLOW, p.getCongestion());
        }
    }

    @Test
    void aSegmentIsForecastAtMostOnceAMinuteOfEventTimeHoweverOftenTheMirrorUpdatesIt() {
        for (int s = 0; s <= 300; s += 10) {
            read(DAY1.plusSeconds(s), 20.0 + s / 10.0); // a new speed every 10 s: a new mirror state every 10 s
        }
        int mirrorStates = ttd.mirror.readValuesToList().size();
        List<SegmentForecast> forecasts = ttd.forecasts.readValuesToList();
        assertEquals(31, mirrorStates);
        assertEquals(
                List.of(0L, 60L, 120L, 180L, 240L, 300L),
                forecasts.stream()
                        .map(f -> Duration.between(DAY1, f.getAsOf()).toSeconds())
                        .toList());
        assertEquals(26.0, forecasts.get(1).getPoints().get(0).getSpeedKph(), "from the state at +60 s: 20 + 6");
    }

    @Test
    void aProfileLearnedOverDaysTurnsTheForecastTowardsTheUsualRushHour() {
        // Two days alike: 45 km/h from 07:00, down to 15 km/h from 07:30 (a reading every 2 minutes).
        for (int day = 0; day < 2; day++) {
            for (int minute = 0; minute < 60; minute += 2) {
                read(DAY1.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute)), minute < 30 ? 45.0 : 15.0);
            }
        }
        // The mirror publishes a state when it changes: at 07:00 and 07:30, and unknown after 08:00 (no more readings).
        SegmentForecast firstDayForecast = ttd.forecasts.readValuesToList().stream()
                .filter(f -> f.getAsOf().equals(DAY1))
                .findFirst()
                .orElseThrow();
        assertEquals(Forecast.PERSISTENCE, firstDayForecast.getMethod());
        Instant thirdDay = DAY1.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(10));
        read(thirdDay, 45.0);
        SegmentForecast f = forecastFrom(thirdDay);
        assertEquals(Forecast.PROFILE_AND_DECAY, f.getMethod());
        List<Double> speeds = speeds(f);
        assertEquals(45.0, speeds.get(0), 0.1, "07:15 as usual");
        assertEquals(45.0, speeds.get(1), 0.1, "07:20 as usual");
        assertEquals(40.0, speeds.get(2), 0.1, "07:25, between the bucket centres 07:22:30 (45) and 07:37:30 (15)");
        assertEquals(15.0, speeds.get(3), 0.1, "07:40: the usual jam");
        assertEquals(CongestionLevel.CONGESTED, f.getPoints().get(3).getCongestion());
        assertEquals(240.0, f.getPoints().get(3).getTravelTimeSeconds(), 0.1);
        // Without a profile on the first day, persistence said 45 in 30 minutes, too.
        assertEquals(List.of(45.0, 45.0, 45.0, 45.0), speeds(firstDayForecast));
    }

    @Test
    void todaysSlowdownAgainstTheProfileFadesTowardsItWithTheHorizon() {
        for (int day = 0; day < 2; day++) {
            for (int minute = 0; minute < 60; minute += 2) {
                read(DAY1.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute)), 45.0);
            }
        }
        Instant now = DAY1.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(10));
        read(now, 15.0); // 30 km/h below the usual
        List<Double> speeds = speeds(forecastFrom(now));
        assertEquals(
                List.of(
                                45 - 30 * Math.exp(-5 / 20.0),
                                45 - 30 * Math.exp(-10 / 20.0),
                                45 - 30 * Math.exp(-15 / 20.0),
                                45 - 30 * Math.exp(-30 / 20.0))
                        .stream()
                        .map(v -> Math.round(v * 10) / 10.0)
                        .toList(),
                speeds);
    }
}
