package io.roadmirror.sim;

/**
 * How traffic on a segment responds to load: the load ratio x is demand over the capacity left by
 * incidents; speed falls with it following the BPR curve (1 / (1 + 0.15 x^4)), flow rises with
 * demand until capacity and drops in a queue. Plain functions, tested on their own.
 */
public final class CongestionModel {
    public static final double LANE_CAPACITY_VEH_PER_HOUR = 1800;
    /** A segment whose own load ratio is beyond this backs a queue up onto the segments feeding it... */
    public static final double SPILL_LOAD = 1.5;
    /** ...which take on this share of the excess one junction upstream, and this share two junctions upstream. */
    public static final double SPILL_ONE_HOP = 0.5;

    public static final double SPILL_TWO_HOPS = 0.2;
    /**
     * The share of a closed segment's demand that drives the detour (the fastest way round between its
     * junctions); the rest goes elsewhere (another route from further back, another time, not at all),
     * spread too thinly to show on any one segment. An assumption: studies of closed roads find that
     * part of their traffic does not reappear on the roads around them.
     */
    public static final double DETOUR_SHARE = 0.8;
    /** The crawl of a queue: the simulator's vehicles never drive slower, however loaded their segment. */
    public static final double CRAWL_KPH = 4;

    static final double VEHICLE_LENGTH_METERS = 6.5;

    private CongestionModel() {}

    /** Speed as a share of free-flow speed; strictly decreasing in the load ratio. */
    public static double speedRatio(double loadRatio) {
        double x = Math.max(0, loadRatio);
        return 1.0 / (1.0 + 0.15 * x * x * x * x);
    }

    /** The load ratio at which {@link #speedRatio} gives this speed ratio: 0 at free flow. */
    public static double loadRatioAt(double speedRatio) {
        double r = Math.min(1.0, Math.max(0.01, speedRatio));
        return Math.pow((1 / r - 1) / 0.15, 0.25);
    }

    /** Load ratio of demand share {@code demand} on a road with {@code capacityLeft} (0..1) of its capacity. */
    public static double loadRatio(double demand, double capacityLeft) {
        return demand / Math.max(0.05, capacityLeft);
    }

    /** Vehicles per hour through the segment: demand up to capacity, fewer in a stopped queue. */
    public static double flow(int lanes, double loadRatio, double capacityLeft, double speedRatio) {
        double capacity = lanes * LANE_CAPACITY_VEH_PER_HOUR * Math.max(0, capacityLeft);
        return capacity * Math.min(loadRatio, 1.0) * (0.5 + 0.5 * Math.min(1.0, speedRatio * 2));
    }

    /** Detector occupancy in percent from flow and speed (density times vehicle length), at most 95 %. */
    public static double occupancyPct(double flowVehPerHour, double speedKph, int lanes) {
        double densityPerLaneKm = flowVehPerHour / Math.max(1.0, speedKph) / lanes;
        return Math.min(95.0, densityPerLaneKm * VEHICLE_LENGTH_METERS / 10.0);
    }
}
