package io.roadmirror.ingest;

import java.time.Duration;

/**
 * What input the pipeline accepts (DESIGN.md "Guarantees" and "Limits on input").
 *
 * @param maxFuture            event times further than this ahead of the wall clock are FUTURE_TIMESTAMP (5 min)
 * @param grace                readings further than this behind their partition's newest event time are LATE (the mirror's horizon, 3 min)
 * @param maxSpeedKph          speeds above this are not physical (300 km/h)
 * @param maxIdLength          the longest id, in characters (128)
 * @param maxDescriptionLength the longest incident description, in characters (1,000)
 * @param minHeadwaySeconds    a lane passes at most one vehicle per this many seconds (0.5 s)
 * @param offsetSlackMeters    how far past the segment's end a probe's offset may be (10 m: positioning error)
 */
public record IngestThresholds(
        Duration maxFuture,
        Duration grace,
        double maxSpeedKph,
        int maxIdLength,
        int maxDescriptionLength,
        double minHeadwaySeconds,
        double offsetSlackMeters) {
    public static final IngestThresholds DEFAULTS =
            new IngestThresholds(Duration.ofMinutes(5), Duration.ofMinutes(3), 300);

    /** The configurable thresholds, with the contract's fixed limits. */
    public IngestThresholds(Duration maxFuture, Duration grace, double maxSpeedKph) {
        this(maxFuture, grace, maxSpeedKph, 128, 1_000, 0.5, 10);
    }

    /** The most vehicles a reading may count: one per headway per lane over its interval. */
    public long maxVehicleCount(int intervalSeconds, int lanes) {
        return (long) Math.floor(intervalSeconds / minHeadwaySeconds) * lanes;
    }
}
