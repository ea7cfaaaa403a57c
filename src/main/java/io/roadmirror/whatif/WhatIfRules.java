package io.roadmirror.whatif;

import io.roadmirror.sim.CongestionModel;
import java.time.Duration;

/** The limits of a what-if question and the constants of its model that the simulator does not fix (docs/whatif.md). */
public final class WhatIfRules {
    /** Closures and incidents in one question, together. */
    public static final int MAX_CHANGES = 20;

    public static final int MAX_DURATION_MINUTES = 24 * 60;
    /** How far from now a what-if may start, either way. */
    public static final Duration MAX_START_OFFSET = Duration.ofHours(24);
    /**
     * The most demand read from a segment, as a load ratio: a crawling segment's BPR load can read
     * as several times its capacity (a crash's queue is slow for want of capacity, not because that
     * many want to pass), but more than the load at which a queue spills upstream cannot arrive.
     */
    public static final double MAX_DEMAND_LOAD = CongestionModel.SPILL_LOAD;
    /**
     * At or above this share of its free-flow speed a segment with a measured flow has its demand read
     * from the flow, not the speed: the BPR curve is flat there (0.9 is a load of 0.93), so a road whose
     * own free speed is 8 % under its limit would read as nearly full (0.87) however little it carries
     * (docs/whatif.md, "Measured against the simulator").
     */
    public static final double FLAT_SPEED_RATIO = 0.9;
    /** A segment is reported as affected when its travel time changes by more than this share, or it closes. */
    public static final double REPORTED_CHANGE = 0.01;

    private WhatIfRules() {}
}
