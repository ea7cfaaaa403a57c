package io.roadmirror.routes;

import io.roadmirror.network.Segment;

/**
 * A segment's expected travel time for a trip that enters it at a given moment: the one question a
 * time-dependent route search asks. Implementations: {@link #FREE_FLOW}, {@link LiveTravelTimes}
 * (today's mirror throughout) and {@link ForecastTravelTimes} (the forecast for that moment).
 */
@FunctionalInterface
public interface TravelTimes {
    /** At the speed limit, whatever the time. */
    TravelTimes FREE_FLOW = (segment, enterAtMs) -> segment.freeFlowTravelTimeSeconds();

    /**
     * @param enterAtMs event time (epoch milliseconds) at which the trip enters the segment
     * @return seconds to drive the segment; positive and finite
     */
    double secondsAt(Segment segment, long enterAtMs);
}
