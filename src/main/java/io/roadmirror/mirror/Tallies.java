package io.roadmirror.mirror;

import io.roadmirror.state.ReadingInput;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.Tally;

/**
 * What one reading or probe position contributes to a segment's sums ({@link Tally}), and how
 * contributions add up. Sums are fixed-point thousandths, so adding a contribution and later
 * retracting it leaves exactly nothing, in whatever order the two arrive.
 */
public final class Tallies {
    static final double MILLI = 1000.0;
    /** Occupancy at or above this, with no vehicle counted, means a queue standing on the detector. */
    public static final double STANDING_OCCUPANCY_PCT = 50.0;

    private Tallies() {}

    public static Tally zero() {
        return new Tally(0, 0L, 0, 0L, 0L, 0L, 0L, 0, 0, null);
    }

    public static Tally copy(Tally t) {
        return Tally.newBuilder(t).build();
    }

    public static boolean isZero(Tally t) {
        return t.getProbes() == 0
                && t.getProbeSpeedMilli() == 0
                && t.getSensors() == 0
                && t.getSpeedWeight() == 0
                && t.getSensorSpeedMilli() == 0
                && t.getFlowMilli() == 0
                && t.getOccupancyMilli() == 0
                && t.getOccupancyCount() == 0
                && t.getStanding() == 0;
    }

    /** A sensor's reading counted ({@code sign} 1) or retracted (-1); newestReading is set only when counted. */
    public static Tally ofReading(SensorLatest r, int sign) {
        boolean speedMeasured = r.getSpeedKph() != null && r.getVehicleCount() > 0;
        long weight = speedMeasured ? r.getVehicleCount() : 0;
        return new Tally(
                0,
                0L,
                sign,
                sign * weight,
                speedMeasured ? sign * Math.round(r.getSpeedKph() * MILLI) * weight : 0L,
                sign * Math.round(r.getVehicleCount() * 3600.0 / r.getIntervalSeconds() * MILLI),
                r.getOccupancyPct() == null ? 0L : sign * Math.round(r.getOccupancyPct() * MILLI),
                r.getOccupancyPct() == null ? 0 : sign,
                standing(r) ? sign : 0,
                sign > 0 ? r.getEventTime() : null);
    }

    /** A probe vehicle's position counted ({@code sign} 1) or retracted (-1). */
    public static Tally ofProbe(long eventTime, double speedKph, int sign) {
        return new Tally(
                sign, sign * Math.round(speedKph * MILLI), 0, 0L, 0L, 0L, 0L, 0, 0, sign > 0 ? eventTime : null);
    }

    /** Adds {@code delta} into {@code into} (which it changes). */
    public static void addInto(Tally into, Tally delta) {
        into.setProbes(into.getProbes() + delta.getProbes());
        into.setProbeSpeedMilli(into.getProbeSpeedMilli() + delta.getProbeSpeedMilli());
        into.setSensors(into.getSensors() + delta.getSensors());
        into.setSpeedWeight(into.getSpeedWeight() + delta.getSpeedWeight());
        into.setSensorSpeedMilli(into.getSensorSpeedMilli() + delta.getSensorSpeedMilli());
        into.setFlowMilli(into.getFlowMilli() + delta.getFlowMilli());
        into.setOccupancyMilli(into.getOccupancyMilli() + delta.getOccupancyMilli());
        into.setOccupancyCount(into.getOccupancyCount() + delta.getOccupancyCount());
        into.setStanding(into.getStanding() + delta.getStanding());
        Long newest = delta.getNewestReading();
        if (newest != null && (into.getNewestReading() == null || newest > into.getNewestReading())) {
            into.setNewestReading(newest);
        }
    }

    static SensorLatest latest(ReadingInput r) {
        return new SensorLatest(
                r.getSensorId(),
                r.getEventTime(),
                r.getSpeedKph(),
                r.getVehicleCount(),
                r.getOccupancyPct(),
                r.getIntervalSeconds());
    }

    private static boolean standing(SensorLatest r) {
        return r.getVehicleCount() == 0 && r.getOccupancyPct() != null && r.getOccupancyPct() >= STANDING_OCCUPANCY_PCT;
    }
}
