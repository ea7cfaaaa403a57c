package io.roadmirror.forecasts;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.ForecastPoint;
import io.roadmirror.model.SegmentForecast;
import java.time.Instant;
import java.util.List;

/** A segment's forecast in plain Java: the form of {@link SegmentForecast}. */
public record Forecast(String segmentId, long asOf, String method, List<Point> points) {
    public static final String PROFILE_AND_LEARNED = "profile+learned";
    public static final String PERSISTENCE = "persistence";
    public static final String PROFILE = "profile";
    public static final String NONE = "none";

    /** The expected state {@code minutesAhead} after asOf. */
    public record Point(int minutesAhead, Double speedKph, double travelTimeSeconds, CongestionLevel congestion) {}

    public Forecast {
        points = List.copyOf(points);
    }

    public SegmentForecast toAvro() {
        return new SegmentForecast(
                segmentId,
                Instant.ofEpochMilli(asOf),
                method,
                points.stream()
                        .map(p -> new ForecastPoint(
                                p.minutesAhead(), p.speedKph(), p.travelTimeSeconds(), p.congestion()))
                        .toList());
    }
}
