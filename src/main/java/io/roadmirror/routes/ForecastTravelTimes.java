package io.roadmirror.routes;

import io.roadmirror.model.SegmentForecast;
import io.roadmirror.network.Segment;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The travel time expected when the trip reaches the segment: from the segment's forecast
 * (mirror.forecasts, points 5, 10, 15 and 30 minutes after its {@code asOf}), interpolated
 * linearly between the live time at {@code asOf} and the points, held at the last point beyond
 * it. Before {@code asOf}, or without a forecast, the live time ({@link LiveTravelTimes}).
 * Linear interpolation over minutes keeps the FIFO property time-dependent search needs (leaving
 * later never arrives earlier) unless a point differs from the next by more than the minutes between them.
 */
public final class ForecastTravelTimes implements TravelTimes {
    /** A segment's forecast in plain form: from when, and the expected travel time so many minutes later. */
    public record Forecast(long asOfMs, List<Point> points) {
        public Forecast {
            points = points.stream()
                    .filter(p -> p.minutesAhead() > 0 && LiveTravelTimes.usable(p.travelTimeSeconds()))
                    .sorted(Comparator.comparingInt(Point::minutesAhead))
                    .toList();
        }

        /** A forecast as published on mirror.forecasts, or null for none (a segment the forecaster knows nothing of). */
        public static Forecast of(SegmentForecast published) {
            if (published == null || "none".equals(published.getMethod())) {
                return null;
            }
            return new Forecast(
                    published.getAsOf().toEpochMilli(),
                    published.getPoints().stream()
                            .map(p -> new Point(p.getMinutesAhead(), p.getTravelTimeSeconds()))
                            .toList());
        }
    }

    public record Point(int minutesAhead, double travelTimeSeconds) {}

    private final Function<String, Forecast> forecasts;
    private final TravelTimes live;

    /**
     * @param forecasts a segment's forecast, or null when there is none
     * @param live      the fallback, and the value at the forecast's start
     */
    public ForecastTravelTimes(Function<String, Forecast> forecasts, TravelTimes live) {
        this.forecasts = forecasts;
        this.live = live;
    }

    @Override
    public double secondsAt(Segment segment, long enterAtMs) {
        double now = live.secondsAt(segment, enterAtMs);
        Forecast forecast = forecasts.apply(segment.id());
        if (forecast == null || forecast.points().isEmpty() || enterAtMs <= forecast.asOfMs()) {
            return now;
        }
        double minutes = (enterAtMs - forecast.asOfMs()) / 60_000.0;
        int fromMinute = 0;
        double fromSeconds = now;
        for (Point p : forecast.points()) {
            if (minutes <= p.minutesAhead()) {
                double share = (minutes - fromMinute) / (p.minutesAhead() - fromMinute);
                return fromSeconds + share * (p.travelTimeSeconds() - fromSeconds);
            }
            fromMinute = p.minutesAhead();
            fromSeconds = p.travelTimeSeconds();
        }
        return fromSeconds;
    }
}
