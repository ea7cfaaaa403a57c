package io.roadmirror.mirror;

import io.roadmirror.model.CongestionLevel;

/** The congestion rule: speed against the speed limit (DESIGN.md "Mirror"). */
public final class Congestion {
    private Congestion() {}

    /** Level for a known speed; thresholds are inclusive from below (exactly 0.75 of the limit is FREE_FLOW). */
    public static CongestionLevel level(double speedKph, double speedLimitKph, MirrorThresholds rules) {
        double ratio = speedKph / speedLimitKph;
        if (ratio >= rules.freeFlowRatio()) {
            return CongestionLevel.FREE_FLOW;
        }
        if (ratio >= rules.slowRatio()) {
            return CongestionLevel.SLOW;
        }
        if (ratio >= rules.congestedRatio()) {
            return CongestionLevel.CONGESTED;
        }
        return CongestionLevel.STOPPED;
    }
}
