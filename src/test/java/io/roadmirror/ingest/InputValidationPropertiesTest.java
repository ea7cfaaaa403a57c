package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.TestNetworks;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever values a gateway sends, validation never throws, and what it accepts is inside every
 * range and limit of DESIGN.md (no NaN, no infinity, no id over 128 characters, no count a lane
 * cannot carry, no position off the segment). A bounded number of tries per property.
 */
class InputValidationPropertiesTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final InputValidation.Clock CLOCK = new InputValidation.Clock(NOW, NOW);
    private static final IngestThresholds RULES = IngestThresholds.DEFAULTS;
    private static final Map<String, Segment> NETWORK = Map.of(
            "A-B",
            TestNetworks.segment("A-B", "Main", "A", "B", 1000, 50),
            "W3",
            new Segment(
                    "W3",
                    "Wide",
                    "A",
                    "W",
                    400,
                    3,
                    80,
                    TestNetworks.segment("x", "x", "A", "W", 400, 80).geometry()));
    private static final Function<String, Optional<Segment>> SEGMENTS = id -> Optional.ofNullable(NETWORK.get(id));

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(0).ofMaxLength(140)),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(128)),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(129)),
                Tuple.of(1, Arbitraries.just(" ")));
    }

    /** Mostly plausible values (so that acceptance is exercised), with every kind of nonsense mixed in. */
    @Provide
    Arbitrary<Double> anyDouble() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(0, 100)),
                Tuple.of(1, Arbitraries.doubles().between(-1e6, 1e6)),
                Tuple.of(1, Arbitraries.doubles().between(-1, 400)),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                -0.0,
                                Double.MAX_VALUE,
                                Double.MIN_VALUE)));
    }

    @Provide
    Arbitrary<Integer> anyInt() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 60)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.integers().between(-5, 400)));
    }

    @Provide
    Arbitrary<Integer> lanes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 3)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.integers().between(-2, 6)));
    }

    @Provide
    Arbitrary<String> segmentIds() {
        return Arbitraries.of("A-B", "W3", "NOWHERE");
    }

    @Provide
    Arbitrary<Long> times() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(NOW - 200_000L, NOW + 320_000L)),
                Tuple.of(1, Arbitraries.longs().between(NOW - 86_400_000L, NOW + 86_400_000L)));
    }

    @Property(tries = 2000)
    void anAcceptedReadingIsInsideEveryRange(
            @ForAll("ids") String sensorId,
            @ForAll("ids") String gatewayId,
            @ForAll("segmentIds") String segmentId,
            @ForAll("times") long time,
            @ForAll("anyDouble") Double speed,
            @ForAll("anyInt") int count,
            @ForAll("anyDouble") Double occupancy,
            @ForAll("anyInt") int interval) {
        SensorReading r = new SensorReading(
                sensorId, gatewayId, segmentId, Instant.ofEpochMilli(time), speed, count, occupancy, interval);
        Optional<Rejection> rejection = InputValidation.reading(sensorId, r, SEGMENTS, CLOCK, RULES);
        Statistics.collect(rejection.isEmpty() ? "accepted" : "rejected");
        Statistics.coverage(c -> c.check("accepted").count(n -> n > 0));
        if (rejection.isEmpty()) {
            Segment segment = NETWORK.get(segmentId);
            assertTrue(!sensorId.isBlank()
                    && sensorId.length() <= 128
                    && !gatewayId.isBlank()
                    && gatewayId.length() <= 128);
            assertTrue(Double.isFinite(speed) && speed >= 0 && speed <= 300, "speed " + speed);
            assertTrue(Double.isFinite(occupancy) && occupancy >= 0 && occupancy <= 100, "occupancy " + occupancy);
            assertTrue(
                    interval > 0 && count >= 0 && count <= (long) interval * 2 * segment.lanes(),
                    count + " in " + interval + " s");
            assertTrue(time <= NOW + 300_000 && time >= NOW - 180_000);
        }
    }

    @Property(tries = 2000)
    void anAcceptedPositionIsOnItsSegment(
            @ForAll("ids") String vehicleId,
            @ForAll("segmentIds") String segmentId,
            @ForAll("times") long time,
            @ForAll("anyDouble") double speed,
            @ForAll("anyDouble") double offset,
            @ForAll("lanes") int lane) {
        VehiclePosition p = new VehiclePosition(vehicleId, segmentId, Instant.ofEpochMilli(time), speed, offset, lane);
        Optional<Rejection> rejection = InputValidation.position(vehicleId, p, SEGMENTS, CLOCK, RULES);
        Statistics.collect(rejection.isEmpty() ? "accepted" : "rejected");
        Statistics.coverage(c -> c.check("accepted").count(n -> n > 0));
        if (rejection.isEmpty()) {
            Segment segment = NETWORK.get(segmentId);
            assertTrue(Double.isFinite(speed) && speed >= 0 && speed <= 300, "speed " + speed);
            assertTrue(
                    Double.isFinite(offset) && offset >= 0 && offset <= segment.lengthMeters() + 10,
                    "offset " + offset);
            assertTrue(lane >= 1 && lane <= segment.lanes(), "lane " + lane);
        }
    }

    @Property(tries = 500)
    void aKeyThatIsNotTheIdIsAlwaysRejected(@ForAll("ids") String sensorId, @ForAll("ids") String key) {
        SensorReading r = new SensorReading(sensorId, "gw", "A-B", Instant.ofEpochMilli(NOW), 40.0, 1, 10.0, 30);
        Optional<Rejection> rejection = InputValidation.reading(key, r, SEGMENTS, CLOCK, RULES);
        if (!key.equals(sensorId)) {
            assertTrue(rejection.isPresent() && rejection.get().reason() == DeadLetterReason.INVALID_VALUE);
        }
    }
}
