package io.roadmirror.ingest;

import java.time.Duration;

/**
 * What input the pipeline accepts (DESIGN.md "Guarantees").
 *
 * @param maxFuture   event times further than this ahead of the wall clock are FUTURE_TIMESTAMP (5 min)
 * @param grace       readings further than this behind the stream time are LATE (30 s)
 * @param maxSpeedKph speeds above this are not physical (300 km/h)
 */
public record IngestRules(Duration maxFuture, Duration grace, double maxSpeedKph) {
    public static final IngestRules DEFAULTS = new IngestRules(Duration.ofMinutes(5), Duration.ofSeconds(30), 300);
}
