package io.roadmirror.routes;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.Segment;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Today's travel times throughout: each segment's live travel time from the mirror
 * (mirror.segments), whatever the time the trip reaches it; the free-flow time where the mirror
 * does not know (no state, or UNKNOWN). The same rule as the advisories' detours. One instance
 * serves one question: it remembers what it has read, so a search reads each segment once.
 */
public final class LiveTravelTimes implements TravelTimes {
    private final Function<String, SegmentState> mirror;
    private final Map<String, Double> read = new HashMap<>();

    /** @param mirror a segment's state in mirror.segments, or null */
    public LiveTravelTimes(Function<String, SegmentState> mirror) {
        this.mirror = mirror;
    }

    @Override
    public double secondsAt(Segment segment, long enterAtMs) {
        return read.computeIfAbsent(segment.id(), id -> liveSeconds(mirror.apply(id), segment));
    }

    static double liveSeconds(SegmentState state, Segment segment) {
        if (state != null && state.getCongestion() != CongestionLevel.UNKNOWN && usable(state.getTravelTimeSeconds())) {
            return state.getTravelTimeSeconds();
        }
        return segment.freeFlowTravelTimeSeconds();
    }

    static boolean usable(double seconds) {
        return seconds > 0 && Double.isFinite(seconds);
    }
}
