package io.roadmirror.whatif;

import io.roadmirror.model.CongestionLevel;
import java.util.List;

/**
 * What the changes would do, as the API answers it (JSON): every segment whose travel time would
 * change, and for each closed or obstructed segment the trip between its two junctions before and after.
 *
 * @param baseline where the travel times before come from: "forecast" where a segment has one for
 *                 the start, else the live mirror ("live")
 */
public record WhatIfAnswer(
        long start, long end, String method, String baseline, List<SegmentEffect> segments, List<TripEffect> trips) {
    public static final String METHOD = "bpr+detours";

    /** Why a segment changes. */
    public enum Cause {
        CLOSED,
        INCIDENT,
        DETOUR,
        QUEUE
    }

    /**
     * One segment before and after; speed, travel time and change are null after when it is closed.
     *
     * @param changeSeconds travel time after minus before
     */
    public record SegmentEffect(
            String segmentId,
            String name,
            Cause cause,
            CongestionLevel congestionBefore,
            CongestionLevel congestionAfter,
            double speedKphBefore,
            Double speedKphAfter,
            double travelTimeSecondsBefore,
            Double travelTimeSecondsAfter,
            Double changeSeconds) {}

    /**
     * The trip between a changed segment's junctions: over the segment before; after, the faster of
     * the segment (unless closed) and its detour, with the detour's new load.
     *
     * @param divertedVehPerHour the traffic that moves onto the detour
     * @param via                the segments driven after (empty when no road is left)
     */
    public record TripEffect(
            String segmentId,
            String fromNode,
            String toNode,
            double travelTimeSecondsBefore,
            Double travelTimeSecondsAfter,
            Double changeSeconds,
            double divertedVehPerHour,
            List<String> via) {}
}
