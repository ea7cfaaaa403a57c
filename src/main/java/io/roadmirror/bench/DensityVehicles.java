package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.ExpresswayNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Vehicles at a fixed density, for the cost-per-record phase: {@code vehicles} vehicles, exactly
 * {@code density} of them on each of {@code vehicles / density} expressway segments (from mile
 * {@code firstMile}, both directions), each reporting every {@code reportEvery} at its own phase
 * from a random place on its own segment at a moving speed. A vehicle never leaves its segment, so
 * every segment's horizon holds exactly {@code density} vehicles once one horizon has passed.
 * Positions come in event-time order; seeded.
 */
final class DensityVehicles {
    private final int density;
    private final int firstMile;
    private final long periodMs;
    private final long startMs;
    private final SplittableRandom random;
    private final int[] order;
    private final long[] phase;
    private int next;
    private long cycle;

    DensityVehicles(int firstMile, int density, int vehicles, Duration reportEvery, Instant start, long seed) {
        if (density < 1 || vehicles % density != 0) {
            throw new IllegalArgumentException(vehicles + " vehicles do not fill whole segments of " + density);
        }
        this.density = density;
        this.firstMile = firstMile;
        this.periodMs = reportEvery.toMillis();
        this.startMs = start.toEpochMilli();
        this.random = new SplittableRandom(seed);
        this.phase = new long[vehicles];
        for (int v = 0; v < vehicles; v++) {
            phase[v] = random.nextLong(periodMs);
        }
        this.order = IntStream.range(0, vehicles)
                .boxed()
                .sorted(Comparator.comparingLong((Integer v) -> phase[v]).thenComparing(v -> v))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Segments this density covers. */
    int segments() {
        return order.length / density;
    }

    /** Miles of expressway it needs from its first mile (two segments a mile). */
    static int miles(int density, int vehicles) {
        return (vehicles / density + 1) / 2;
    }

    /** The segment a vehicle stays on: segment i is mile firstMile + i / 2, eastbound when i is even. */
    String segmentOf(int vehicle) {
        int segment = vehicle / density;
        return ExpresswayNetwork.segmentId(segment % 2 == 0, firstMile + segment / 2);
    }

    /** Skips whole report cycles, so that the next position is at {@code eventTime} or later. */
    void skipTo(long eventTime) {
        long nextAt = startMs + cycle * periodMs + phase[order[next]];
        if (nextAt < eventTime) {
            cycle += Math.floorDiv(eventTime - nextAt + periodMs - 1, periodMs);
        }
    }

    /** The next position, in event-time order. */
    VehiclePosition next() {
        int v = order[next];
        long now = startMs + cycle * periodMs + phase[v];
        if (++next == order.length) {
            next = 0;
            cycle++;
        }
        double offset = Math.round(random.nextDouble(ExpresswayNetwork.MILE_METERS) * 10) / 10.0;
        return new VehiclePosition(
                "d" + density + "-" + v,
                segmentOf(v),
                Instant.ofEpochMilli(now),
                80 + random.nextDouble(40),
                offset,
                1 + v % ExpresswayNetwork.LANES);
    }
}
