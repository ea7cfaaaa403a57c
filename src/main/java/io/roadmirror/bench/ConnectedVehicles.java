package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.ExpresswayNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The connected-vehicle workload (issue 10, the shape of Linear Road): {@code vehicles} probe
 * vehicles on an {@link ExpresswayNetwork}, each reporting its position every {@code reportEvery}
 * at its own phase, so positions come in event-time order at a steady vehicles / reportEvery per
 * second. Every {@code crashEvery} of event time two vehicles of one direction stop at one position
 * (3 m apart) for {@code crashStop}, reporting speed 0, then drive on: a crash the pipeline's
 * stopped-vehicle rule detects. Seeded: the same arguments give the same positions.
 * Cost per position is O(1): nothing is sorted or searched after construction.
 */
final class ConnectedVehicles {
    /** Zero-speed reports that make a vehicle stopped (the detector's default); the crash completes at the later vehicle's. */
    static final int STOPPED_REPORTS = 4;

    private static final double GAP_METERS = 3;
    /** Random picks for a crash partner before the crash is skipped (bounded: a position costs O(1)). */
    private static final int PARTNER_TRIES = 16;

    /** One position, and the detected incident id it completes (null for most). */
    record Report(VehiclePosition position, String completesCrash) {}

    private final int miles;
    private final double roadMeters;
    private final long periodMs;
    private final long crashEveryMs;
    private final long crashStopMs;
    private final long startMs;
    private final SplittableRandom random;
    private final int[] order;
    private final long[] phase;
    private final boolean[] eastbound;
    private final double[] travelled;
    private final double[] baseSpeed;
    private final long[] lastReport;
    private final long[] stoppedUntil;
    private final int[] zeroReports;
    private final String[] crashOf;
    private final int[] partner;
    private int next;
    private long cycle;
    private long nextCrashAt;
    private int crashes;

    ConnectedVehicles(
            int miles,
            int vehicles,
            Duration reportEvery,
            Duration crashEvery,
            Duration crashStop,
            Instant start,
            long seed) {
        if (vehicles < 2) {
            throw new IllegalArgumentException("a crash needs at least 2 vehicles, not " + vehicles);
        }
        if (crashStop.compareTo(reportEvery.multipliedBy(STOPPED_REPORTS + 1)) < 0) {
            throw new IllegalArgumentException("a crash must last at least " + (STOPPED_REPORTS + 1) + " reports ("
                    + reportEvery.multipliedBy(STOPPED_REPORTS + 1) + ") to be detected, not " + crashStop);
        }
        this.miles = miles;
        this.roadMeters = miles * ExpresswayNetwork.MILE_METERS;
        this.periodMs = reportEvery.toMillis();
        this.crashEveryMs = crashEvery.toMillis();
        this.crashStopMs = crashStop.toMillis();
        this.startMs = start.toEpochMilli();
        this.random = new SplittableRandom(seed);
        this.phase = new long[vehicles];
        this.eastbound = new boolean[vehicles];
        this.travelled = new double[vehicles];
        this.baseSpeed = new double[vehicles];
        this.lastReport = new long[vehicles];
        this.stoppedUntil = new long[vehicles];
        this.zeroReports = new int[vehicles];
        this.crashOf = new String[vehicles];
        this.partner = new int[vehicles];
        for (int v = 0; v < vehicles; v++) {
            phase[v] = random.nextLong(periodMs);
            eastbound[v] = random.nextBoolean();
            travelled[v] = random.nextDouble(roadMeters);
            baseSpeed[v] = 80 + random.nextDouble(40);
            lastReport[v] = Long.MIN_VALUE;
        }
        this.order = IntStream.range(0, vehicles)
                .boxed()
                .sorted(Comparator.comparingLong((Integer v) -> phase[v]).thenComparing(v -> v))
                .mapToInt(Integer::intValue)
                .toArray();
        this.nextCrashAt = startMs + crashEveryMs;
    }

    /** Skips whole report cycles, so that the next position is at {@code eventTime} or later. */
    void skipTo(long eventTime) {
        long nextAt = startMs + cycle * periodMs + phase[order[next]];
        if (nextAt < eventTime) {
            cycle += Math.floorDiv(eventTime - nextAt + periodMs - 1, periodMs);
        }
        while (nextCrashAt < eventTime) {
            nextCrashAt += crashEveryMs; // the crashes due meanwhile happened unseen
        }
    }

    /** The next position, in event-time order. */
    Report next() {
        int v = order[next];
        long now = startMs + cycle * periodMs + phase[v];
        if (++next == order.length) {
            next = 0;
            cycle++;
        }
        if (now >= nextCrashAt) {
            nextCrashAt += crashEveryMs;
            stage(now);
        }
        return report(v, now);
    }

    /** Two vehicles of one direction, picked at random, stop together from their next reports. */
    private void stage(long now) {
        int a = free(now, -1);
        int b = a < 0 ? -1 : free(now, a);
        if (b < 0) {
            return; // a crash skipped rather than searched for
        }
        String id = "crash-" + crashes++;
        travelled[a] = moved(
                a, lastReport[a] == Long.MIN_VALUE ? now : lastReport[a] + periodMs); // a drives up to where it stops
        // b stops 3 m from a, on the same segment (mile boundaries are multiples of a mile in both directions).
        double behind = travelled[a] - GAP_METERS;
        boolean sameMile = behind >= 0
                && Math.floor(behind / ExpresswayNetwork.MILE_METERS)
                        == Math.floor(travelled[a] / ExpresswayNetwork.MILE_METERS);
        travelled[b] = sameMile ? behind : travelled[a] + GAP_METERS;
        partner[a] = b;
        partner[b] = a;
        for (int v : new int[] {a, b}) {
            stoppedUntil[v] = now + crashStopMs;
            zeroReports[v] = 0;
            crashOf[v] = id;
        }
    }

    /** A random vehicle not in a crash (of a's direction when a >= 0), or -1 after a bounded number of tries. */
    private int free(long now, int a) {
        for (int tries = 0; tries < PARTNER_TRIES; tries++) {
            int v = random.nextInt(order.length);
            if (v != a && stoppedUntil[v] <= now && (a < 0 || eastbound[v] == eastbound[a])) {
                return v;
            }
        }
        return -1;
    }

    private double moved(int v, long now) {
        if (lastReport[v] == Long.MIN_VALUE) {
            return travelled[v];
        }
        return (travelled[v] + baseSpeed[v] / 3.6 * (now - lastReport[v]) / 1000.0)
                % roadMeters; // off the end: a new trip
    }

    private Report report(int v, long now) {
        double speed;
        String completes = null;
        if (stoppedUntil[v] > now) {
            speed = 0;
            zeroReports[v]++;
            if (zeroReports[v] == STOPPED_REPORTS && otherStopped(v)) {
                completes = crashOf[v];
            }
        } else {
            speed = Math.max(5, baseSpeed[v] + random.nextDouble(-10, 10));
            travelled[v] = moved(v, now);
            crashOf[v] = null;
        }
        lastReport[v] = now;
        double along = eastbound[v] ? travelled[v] : roadMeters - travelled[v];
        int mile = Math.min(miles - 1, (int) (along / ExpresswayNetwork.MILE_METERS));
        double offset = eastbound[v]
                ? along - mile * ExpresswayNetwork.MILE_METERS
                : (mile + 1) * ExpresswayNetwork.MILE_METERS - along;
        VehiclePosition p = new VehiclePosition(
                "cv-" + v,
                ExpresswayNetwork.segmentId(eastbound[v], mile),
                Instant.ofEpochMilli(now),
                speed,
                Math.round(offset * 10) / 10.0,
                1 + v % ExpresswayNetwork.LANES);
        return new Report(p, completes);
    }

    /** Whether the other vehicle of v's crash has made its stopped reports already (then v's completes the crash). */
    private boolean otherStopped(int v) {
        int other = partner[v];
        return crashOf[v].equals(crashOf[other]) && zeroReports[other] >= STOPPED_REPORTS;
    }

    int crashesStaged() {
        return crashes;
    }

    int vehicles() {
        return order.length;
    }
}
