package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.SensorReading;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InputValidationTest {
    private static final IngestThresholds RULES = IngestThresholds.DEFAULTS;
    private static final Function<String, Optional<io.roadmirror.network.Segment>> NETWORK = id -> id.equals("A-B")
            ? Optional.of(io.roadmirror.testing.TestNetworks.segment("A-B", "Main", "A", "B", 1000, 50))
            : Optional.empty();
    private static final long NOW = 1_700_000_000_000L;
    private static final InputValidation.Clock CLOCK = new InputValidation.Clock(NOW, NOW);

    private static Optional<DeadLetterReason> check(SensorReading r) {
        return InputValidation.reading(r.getSensorId(), r, NETWORK, CLOCK, RULES)
                .map(Rejection::reason);
    }

    private static SensorReading reading(long time, Double speed, int count, Double occupancy) {
        return new SensorReading("s1", "gw", "A-B", Instant.ofEpochMilli(time), speed, count, occupancy, 30);
    }

    @Test
    void physicalRangesIncludeTheirEnds() {
        assertEquals(Optional.empty(), check(reading(NOW, 0.0, 0, 0.0)));
        assertEquals(Optional.empty(), check(reading(NOW, 300.0, 5, 100.0)));
        assertEquals(Optional.empty(), check(reading(NOW, null, 5, null)), "speed and occupancy may be unknown");
        assertEquals(Optional.of(DeadLetterReason.INVALID_VALUE), check(reading(NOW, 300.01, 5, null)));
        assertEquals(Optional.of(DeadLetterReason.INVALID_VALUE), check(reading(NOW, -0.1, 5, null)));
        assertEquals(Optional.of(DeadLetterReason.INVALID_VALUE), check(reading(NOW, Double.NaN, 5, null)));
        assertEquals(Optional.of(DeadLetterReason.INVALID_VALUE), check(reading(NOW, 50.0, 5, 100.5)));
        assertEquals(Optional.of(DeadLetterReason.INVALID_VALUE), check(reading(NOW, 50.0, -1, null)));
    }

    @Test
    void timeChecks() {
        assertEquals(Optional.empty(), check(reading(NOW + 300_000, 50.0, 1, null)), "exactly 5 min ahead is allowed");
        assertEquals(Optional.of(DeadLetterReason.FUTURE_TIMESTAMP), check(reading(NOW + 300_001, 50.0, 1, null)));
        assertEquals(
                Optional.empty(), check(reading(NOW - 180_000, 50.0, 1, null)), "exactly at the grace (the horizon)");
        assertEquals(Optional.of(DeadLetterReason.LATE), check(reading(NOW - 180_001, 50.0, 1, null)));
    }

    @Test
    void detailsSayWhatToFix() {
        Rejection r = InputValidation.reading("gw-1", reading(NOW, 50.0, 1, null), NETWORK, CLOCK, RULES)
                .orElseThrow();
        assertTrue(r.detail().contains("key records by sensorId"), r.detail());
        Rejection unknown = InputValidation.reading(
                        "s1",
                        new SensorReading("s1", "gw", "X-Y", Instant.ofEpochMilli(NOW), 1.0, 1, null, 30),
                        NETWORK,
                        CLOCK,
                        RULES)
                .orElseThrow();
        assertEquals(DeadLetterReason.UNKNOWN_SEGMENT, unknown.reason());
        assertTrue(unknown.detail().contains("'X-Y'"), unknown.detail());
    }
}
