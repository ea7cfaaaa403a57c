package io.roadmirror.forecasts;

import static io.roadmirror.testing.TestRecords.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void overDaysAlikeTheForecastLearnsToTurnTowardsTheUsualRushHour() {
        // Three days alike: ~45 km/h from 06:00, down to ~15 km/h from 07:30, a reading a minute (the speed
        // wavers by 0.1-0.2 km/h, so the mirror publishes a state each minute).
        for (int day = 0; day < 3; day++) {
            for (int minute = 0; minute < 120; minute++) {
                read(
                        DAY1.minus(Duration.ofHours(1))
                                .plus(Duration.ofDays(day))
                                .plus(Duration.ofMinutes(minute)),
                        (minute < 90 ? 45.0 : 15.0) + 0.1 * (minute % 3));
            }
        }
        // The mirror publishes a state when it changes, and unknown after 08:00 (no more readings).
        SegmentForecast firstDayForecast = forecastFrom(DAY1.minus(Duration.ofHours(1)));
        assertEquals(Forecast.PERSISTENCE, firstDayForecast.getMethod(), "no profile on the first day");
        assertEquals(List.of(45.0, 45.0, 45.0, 45.0), speeds(firstDayForecast));

        Instant fourthDay = DAY1.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(10)); // 07:10
        read(fourthDay.minus(Duration.ofMinutes(1)), 45.1);
        read(fourthDay, 45.0);
        SegmentForecast f = forecastFrom(fourthDay);
        assertEquals(Forecast.PROFILE_AND_LEARNED, f.getMethod());
        List<Double> speeds = speeds(f);
        assertEquals(45.0, speeds.get(0), 1.0, "07:15 as usual: " + speeds);
        assertTrue(
                speeds.get(3) > 5.0 && speeds.get(3) < 25.0,
                "07:40: towards the usual jam of 15 km/h, as the days before taught: " + speeds);
    }
}
